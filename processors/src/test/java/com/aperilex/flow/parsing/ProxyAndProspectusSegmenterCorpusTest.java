package com.aperilex.flow.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The corpus's Cabot DEF 14A and Acurx S-1 (MANIFEST "DEF 14A / S-1 / 424B5"). The MANIFEST asserts no
 * section facts for them; the expectations here are the documents' own body headings, read in the files.
 * The Acurx S-1 incorporates its 10-K by reference ("INCORPORATION OF DOCUMENTS BY REFERENCE"), so it has
 * no MD&A or Business section of its own: those keys are absent, and asserted absent.
 */
@EnabledIf("com.aperilex.flow.parsing.Corpus#available")
class ProxyAndProspectusSegmenterCorpusTest {
    private final ProxyAndProspectusSegmenter segmenter = new ProxyAndProspectusSegmenter();

    @Test
    void cabotProxy() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(Corpus.parse("edgartools/cabot.DEF14A.ixbrl.html"));

        assertThat(sections.keySet()).containsExactly("proposal-1", "ownership", "executive-compensation",
                "proposal-2", "proposal-3", "proposal-4");
        assertThat(sections.get("proposal-1").title()).isEqualTo("Proposal 1 — Election of Directors");
        assertThat(sections.get("proposal-1").text()).contains("Cynthia A. Arnold");
        assertThat(sections.get("ownership").title()).startsWith("Beneficial Stock Ownership of Directors");
        assertThat(sections.get("ownership").text()).contains("55,429,217");
        assertThat(sections.get("executive-compensation").text()).contains("Compensation Discussion and Analysis")
                .contains("Summary Compensation Table");
        assertThat(sections.get("executive-compensation").chars()).isGreaterThan(100_000);
        assertThat(sections.get("proposal-2").title())
                .isEqualTo("Proposal 2 — Advisory Approval of Executive Compensation");
        assertThat(sections.get("proposal-4").title())
                .startsWith("Proposal 4 — Ratification of Appointment of Independent Registered Public Accounting");
    }

    @Test
    void acurxProspectusFromItsCompleteSubmission() throws IOException {
        String submission = Files.readString(Corpus.dir().orElseThrow().resolve("edgartools/0001104659-23-076317.txt"),
                StandardCharsets.ISO_8859_1);
        Map<String, FilingSection> sections = segmenter.segment(
                ProxyAndProspectusSegmenter.documentOfType(submission, "S-1"));

        assertThat(sections.keySet()).containsExactly("prospectus-summary", "risk-factors", "use-of-proceeds");
        assertThat(sections.get("prospectus-summary").text()).startsWith("PROSPECTUS SUMMARY").contains("THE OFFERING");
        assertThat(sections.get("risk-factors").text()).startsWith("RISK FACTORS");
        assertThat(sections.get("risk-factors").chars()).isGreaterThan(5_000);
        assertThat(sections.get("use-of-proceeds").text()).startsWith("USE OF PROCEEDS");
        assertThat(sections.get("use-of-proceeds").chars()).isLessThan(5_000);
    }
}
