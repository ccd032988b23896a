package com.aperilex.flow.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/** The 10-Q segmenter on small documents of the project's own (src/test/resources/10q), one trap each. */
class TenQItemSegmenterTest {
    private final TenQItemSegmenter segmenter = new TenQItemSegmenter();

    private Map<String, FilingSection> segment(String html) {
        return segmenter.segment(Jsoup.parse(html));
    }

    private Map<String, FilingSection> fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/10q/" + name)) {
            return segmenter.segment(Jsoup.parse(in, "UTF-8", ""));
        }
    }

    @Test
    void skipsTheTableOfContentsAndKeysItemsByTheirPart() throws IOException {
        Map<String, FilingSection> sections = fixture("toc-and-parts.html");

        assertThat(sections.keySet()).containsExactlyElementsOf(TenQItemSegmenter.ITEMS);
        assertThat(sections.get("I-1").text()).startsWith("Item 1. Financial Statements\nCONDENSED CONSOLIDATED");
        assertThat(sections.get("I-1").title()).isEqualTo("Financial Statements");
        assertThat(sections.get("II-1").text()).startsWith("Item 1. Legal Proceedings\nA customer sued");
        assertThat(sections.get("II-1").title()).isEqualTo("Legal Proceedings");
        // The "PART II" line between the parts belongs to neither item; the last item stops at SIGNATURES.
        assertThat(sections.get("I-4").text()).isEqualTo(
                "Item 4. Controls and Procedures\nThe controls are effective.\nWidget Corp. | Q3 2026 Form 10-Q | 15");
        assertThat(sections.get("II-6").text()).contains("Section 1350 Certification").doesNotContain("SIGNATURES");
        assertThat(sections.get("II-3").text()).isEqualTo("Item 3. Defaults Upon Senior Securities\nNone.");
    }

    @Test
    void crossReferencesAreNotHeadings() throws IOException {
        Map<String, FilingSection> sections = fixture("toc-and-parts.html");

        assertThat(sections.get("I-1").text()).contains("See Part II, Item 1A of this Form 10-Q",
                "Item 2 of this report discusses the quarter");
        assertThat(sections.get("I-2").text()).contains("Part I, Item 1A of the 2025 Form 10-K",
                "Part I, Item 1 of this Form 10-Q has the notes.");
        // A line naming Part I's MD&A inside Part II's risk factors cannot take Part II Item 2's place.
        assertThat(sections.get("II-1A").text()).contains("Item 2. Management’s Discussion", "in Part I of this report.");
        assertThat(sections.get("II-2").text()).startsWith("Item 2. Unregistered Sales");
    }

    @Test
    void legacyUpperCaseHtmlWithCombinedHeadings() throws IOException {
        Map<String, FilingSection> sections = fixture("legacy-combined.html");

        assertThat(sections.keySet()).containsExactly("I-1", "I-2", "I-3", "I-4", "II-1", "II-6");
        assertThat(sections.get("I-1").title()).isEqualTo("FINANCIAL STATEMENTS");
        assertThat(sections.get("I-1").text()).startsWith("ITEM 1: FINANCIAL STATEMENTS\nCONDENSED BALANCE SHEETS");
        assertThat(sections.get("I-4").text()).isEqualTo(sections.get("I-3").text())
                .contains("ITS CONTROLS ARE EFFECTIVE.").doesNotContain("PART II");
        assertThat(sections.get("II-1").text()).isEqualTo("ITEM 1: LEGAL PROCEEDINGS\nNONE.");
        assertThat(sections.get("II-6").text()).endsWith("NO REPORTS ON FORM 8-K WERE FILED DURING THE QUARTER.");
    }

    @Test
    void aPartNamedInTheHeadingItselfOpensThatPart() {
        Map<String, FilingSection> sections = segment("<html><body>"
                + "<p>PART I, ITEM 1. FINANCIAL STATEMENTS</p><p>Balance sheet.</p>"
                + "<p>PART I, ITEM 2. MANAGEMENT'S DISCUSSION</p><p>Sales grew.</p>"
                + "<p>PART II, ITEM 1. LEGAL PROCEEDINGS</p><p>None.</p>"
                + "<p>ITEM 5. OTHER INFORMATION</p><p>None.</p></body></html>");

        assertThat(sections.keySet()).containsExactly("I-1", "I-2", "II-1", "II-5");
        assertThat(sections.get("II-1").text()).isEqualTo("PART II, ITEM 1. LEGAL PROCEEDINGS\nNone.");
    }

    @Test
    void withoutPartHeadingsTheTitlesTellThePartsApart() {
        Map<String, FilingSection> sections = segment("<html><body>"
                + "<p>Item 1. Financial Statements</p><p>Statements.</p>"
                + "<p>Item 4. Controls and Procedures</p><p>Effective.</p>"
                + "<p>Item 1. Legal Proceedings</p><p>None.</p>"
                + "<p>Item 1A. Risk Factors</p><p>No change.</p>"
                + "<p>Item 6. Exhibits</p><p>31.1</p></body></html>");

        assertThat(sections.keySet()).containsExactly("I-1", "I-4", "II-1", "II-1A", "II-6");
        assertThat(sections.get("I-1").text()).isEqualTo("Item 1. Financial Statements\nStatements.");
        assertThat(sections.get("II-1").text()).isEqualTo("Item 1. Legal Proceedings\nNone.");
    }

    @Test
    void aDocumentWithoutItemsHasNoSections() {
        assertThat(segment("<html><body><p>Quarterly letter to shareholders.</p></body></html>")).isEmpty();
    }
}
