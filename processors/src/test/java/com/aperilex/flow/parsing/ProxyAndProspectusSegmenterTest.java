package com.aperilex.flow.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class ProxyAndProspectusSegmenterTest {
    private final ProxyAndProspectusSegmenter segmenter = new ProxyAndProspectusSegmenter();

    private static String resource(String name) throws IOException {
        try (InputStream in = ProxyAndProspectusSegmenterTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void proxySectionsAtTheirRealHeadings() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(Jsoup.parse(resource("/DEF14A/proxy.html")));

        assertThat(sections.keySet()).containsExactly("proposal-1", "ownership", "executive-compensation",
                "proposal-2");
        // Not the contents, not the summary's "Proposal 1:", not the sentence about the vote.
        assertThat(sections.get("proposal-1").text()).startsWith("Proposal 1 — Election of Directors\nThe Board has")
                .contains("(continued)\nJane Roe has served");
        assertThat(sections.get("ownership").title())
                .isEqualTo("SECURITY OWNERSHIP OF CERTAIN BENEFICIAL OWNERS AND MANAGEMENT");
        assertThat(sections.get("executive-compensation").text()).contains("Compensation Discussion and Analysis")
                .endsWith("see Executive Compensation above.");
        assertThat(sections.get("proposal-2").text()).doesNotContain("Other Matters");
    }

    @Test
    void theHeadingRightAfterALinkedContentsTableIsTheDocuments() {
        // Found by the DEF 14A pipeline test: the first proposal followed the contents at once and was taken for
        // the contents list's last entry.
        Map<String, FilingSection> sections = segmenter.segment(Jsoup.parse("""
                <table>
                <tr><td><a href="#p1">Proposal 1 — Election of Directors</a></td><td>4</td></tr>
                <tr><td><a href="#own">Security Ownership of Certain Beneficial Owners and Management</a></td><td>7</td></tr>
                <tr><td><a href="#ec">Executive Compensation</a></td><td>9</td></tr>
                </table>
                <p>Proposal 1 — Election of Directors</p>
                <p>The Board has nominated two directors, each for a three-year term, and recommends a vote for both.</p>
                <p>Security Ownership of Certain Beneficial Owners and Management</p>
                <p>Directors and officers as a group hold 4.2% of the shares, as the table below shows in detail.</p>
                <p>Executive Compensation</p>
                <p>The chief executive officer's pay was mostly tied to three-year goals.</p>
                """));

        assertThat(sections).containsOnlyKeys("proposal-1", "ownership", "executive-compensation");
        assertThat(sections.get("proposal-1").text()).contains("nominated two directors");
    }

    @Test
    void prospectusInsideAnSgmlSubmission() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(
                ProxyAndProspectusSegmenter.documentOfType(resource("/S-1/submission.txt"), "S-1"));

        assertThat(sections.keySet()).containsExactly("prospectus-summary", "risk-factors", "use-of-proceeds");
        assertThat(sections.get("prospectus-summary").text()).startsWith("PROSPECTUS SUMMARY\nWe are")
                .contains("THE OFFERING").contains("Use of Proceeds We will not receive");
        assertThat(sections.get("use-of-proceeds").text())
                .isEqualTo("USE OF PROCEEDS\nWe will not receive any proceeds from the resale of the shares offered here.");
        assertThat(sections.get("risk-factors").text()).doesNotContain("Opinion of counsel");
    }

    @Test
    void aSubmissionWithoutTheTypeIsAnError() throws IOException {
        assertThatThrownBy(() -> ProxyAndProspectusSegmenter.documentOfType(resource("/S-1/submission.txt"), "S-4"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
