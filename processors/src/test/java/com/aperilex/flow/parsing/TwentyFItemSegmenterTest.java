package com.aperilex.flow.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class TwentyFItemSegmenterTest {
    private final TwentyFItemSegmenter segmenter = new TwentyFItemSegmenter();

    private static Document fixture(String name) throws IOException {
        try (InputStream in = TwentyFItemSegmenterTest.class.getResourceAsStream("/20-F/" + name)) {
            return Jsoup.parse(in, "UTF-8", "");
        }
    }

    @Test
    void itemsInDocumentOrderSkippingTheTableOfContents() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(fixture("modern.html"));

        assertThat(sections.keySet()).containsExactly("1", "3", "3.A", "3.B", "3.D", "4", "4.A", "5", "16A", "17",
                "18", "19");
        assertThat(sections.get("1").text()).startsWith("ITEM 1. IDENTITY OF DIRECTORS").contains("Not applicable.")
                .doesNotContain("Key Information");
        assertThat(sections.get("1").title()).isEqualTo("IDENTITY OF DIRECTORS, SENIOR MANAGEMENT AND ADVISERS");
    }

    @Test
    void subItemsAreInsideTheirItemAndAlsoKeyedByLetter() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(fixture("modern.html"));

        FilingSection item3 = sections.get("3");
        FilingSection risk = sections.get("3.D");
        assertThat(risk.title()).isEqualTo("Risk Factors");
        assertThat(risk.text()).startsWith("D. Risk Factors").endsWith("We may need to raise more capital.");
        assertThat(item3.text()).contains(risk.text()).endsWith("We may need to raise more capital.");
        // "A." alone in a cell, the title in the next block.
        assertThat(sections.get("3.A").title()).isEqualTo("Selected Financial Data");
        // "A Note on Presentation" is a sentence's article, not sub-item A again.
        assertThat(sections.get("3.A").text()).startsWith("A.\nSelected Financial Data");
        assertThat(item3.text()).startsWith("ITEM 3. KEY INFORMATION\nA Note on Presentation\nA.");
        assertThat(sections.get("3.B").text()).isEqualTo("B. Capitalization and Indebtedness\nNot applicable.");
    }

    @Test
    void crossReferencesAreNotHeadings() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(fixture("modern.html"));

        // "Item 5 of this annual report ..." and "Item 4. Information on the Company" in quotes stay in 3.D.
        assertThat(sections.get("3.D").text()).contains("Item 5 of this annual report discusses");
        assertThat(sections.get("4").text()).startsWith("ITEM 4. INFORMATION ON THE COMPANY");
        assertThat(sections.get("5").text()).contains("See Item 3.D for risks").doesNotContain("PART II");
    }

    @Test
    void item16PartsAndCombinedHeadings() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(fixture("modern.html"));

        assertThat(sections.get("16A").title()).isEqualTo("Audit Committee Financial Expert");
        assertThat(sections.get("16A").text()).doesNotContain("PART III");
        assertThat(sections.get("17")).isEqualTo(new FilingSection("17", "Financial Statements",
                sections.get("18").text()));
        assertThat(sections.get("18").item()).isEqualTo("18");
        assertThat(sections.get("19").text()).endsWith("1.1 Articles of Incorporation");
    }

    @Test
    void legacyPreformattedTextIsSplitByItsLines() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(fixture("legacy-preformatted.html"));

        assertThat(sections.keySet()).containsExactly("1", "2", "3", "4", "18", "19");
        assertThat(sections.get("1").text()).isEqualTo(
                "Item 1. Identity of Directors, Senior Management and Advisors\nNot applicable");
        // "Item 18." at the start of a wrapped line is a reference: item 3 runs on to item 4.
        assertThat(sections.get("3").text()).startsWith("Item 3. Key Information").contains("Risk factors")
                .contains("Net income 2,086 1,886");
        assertThat(sections.get("4").title()).isEqualTo("Information on the Company");
        assertThat(sections.get("19").text()).endsWith("(a) Index of financial statements");
    }

    @Test
    void aDocumentWithoutItemsHasNoSections() {
        assertThat(segmenter.segment(Jsoup.parse("<p>Nothing to see</p>"))).isEmpty();
    }
}
