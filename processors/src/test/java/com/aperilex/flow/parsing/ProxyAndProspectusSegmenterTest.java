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
