package com.aperilex.flow.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class EightKItemSegmenterTest {
    private final EightKItemSegmenter segmenter = new EightKItemSegmenter();

    private static Document fixture(String name) throws IOException {
        try (InputStream in = EightKItemSegmenterTest.class.getResourceAsStream("/eightk/" + name)) {
            return Jsoup.parse(in, "UTF-8", "");
        }
    }

    @Test
    void skipsTheContentsAndCrossReferencesAndEndsAtTheSignatures() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(fixture("toc-and-cross-reference.htm"));

        assertThat(sections.keySet()).containsExactly("2.02", "7.01", "9.01");
        FilingSection results = sections.get("2.02");
        assertThat(results.title()).isEqualTo("Results of Operations and Financial Condition");
        assertThat(results.text()).startsWith("Item 2.02. Results of Operations and Financial Condition.\nOn May 1, 2024")
                .contains("Item 2.02 of this report is furnished");
        assertThat(sections.get("7.01").title()).isEqualTo("Regulation FD Disclosure");
        assertThat(sections.get("7.01").text()).endsWith("(quoted again, stays inside Item 7.01)"); // page number "- 2 -" dropped
        assertThat(sections.get("9.01").text()).endsWith("99.1 Press release dated May 1, 2024")
                .doesNotContain("SIGNATURES");
    }

    @Test
    void legacyUpperCaseItemsAreKeyedAsTheyAppear() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(fixture("legacy-upper-case.htm"));

        assertThat(sections.keySet()).containsExactly("5", "7");
        assertThat(sections.get("5").title()).isEqualTo("OTHER EVENTS");
        assertThat(sections.get("5").text()).startsWith("ITEM 5. OTHER EVENTS.").contains("SEE ITEM 7 BELOW.");
        assertThat(sections.get("7").title()).isEqualTo("FINANCIAL STATEMENTS AND EXHIBITS");
        assertThat(sections.get("7").text()).doesNotContain("SIGNATURE");
    }

    @Test
    void splitHeadingsCombinedHeadingsAndHeadingsRunIntoTheirParagraph() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(fixture("combined-and-split.htm"));

        assertThat(sections.keySet()).containsExactly("1.01", "2.03", "9.01", "8.01");
        assertThat(sections.get("1.01").title()).isEqualTo("ENTRY INTO A MATERIAL DEFINITIVE AGREEMENT");
        assertThat(sections.get("1.01").text()).contains("Credit Agreement with the lenders");
        assertThat(sections.get("9.01").text()).isEqualTo(sections.get("2.03").text());
        assertThat(sections.get("9.01").item()).isEqualTo("9.01");
        assertThat(sections.get("2.03").title())
                .isEqualTo("Creation of a Direct Financial Obligation; Financial Statements and Exhibits");
        assertThat(sections.get("8.01").title()).isEqualTo("Other Events");
        assertThat(sections.get("8.01").text()).startsWith("Item 8.01 Other Events. On June 3, 2024")
                .doesNotContain("SIGNATURES");
    }

    @Test
    void aSentenceStartingWithAnItemIsNotAHeading() {
        Document document = Jsoup.parse("<p>Item 2.02 Results of Operations and Financial Condition</p><p>Text.</p>"
                + "<p>Item 2.02 of this report is incorporated by reference into Item 7.01.</p>"
                + "<p>Item 7.01 is furnished.</p>");

        assertThat(segmenter.segment(document).keySet()).containsExactly("2.02");
    }

    @Test
    void anExhibitIsOneSectionUnderTheKeyGiven() throws IOException {
        Map<String, FilingSection> sections = segmenter.segmentExhibit(fixture("press-release.htm"), "EX-99.1");

        assertThat(sections.keySet()).containsExactly("EX-99.1");
        FilingSection release = sections.get("EX-99.1");
        assertThat(release.item()).isEqualTo("EX-99.1");
        assertThat(release.title()).isEqualTo("Example Corp. Reports First Quarter 2024 Results");
        assertThat(release.text()).startsWith("Exhibit 99.1\n").contains("revenue of $1.2 billion")
                .endsWith("Revenue $ 1,200");
    }

    @Test
    void everyCurrentItemIsKnown() {
        assertThat(EightKItemSegmenter.ITEMS).hasSize(33).containsKeys("1.05", "4.02", "5.08", "6.06", "7.01", "9.01");
    }
}
