package com.aperilex.flow.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/** The segmenter on small documents of the project's own, one trap each. */
class TenKItemSegmenterTest {
    private final TenKItemSegmenter segmenter = new TenKItemSegmenter();

    private Map<String, FilingSection> segment(String html) {
        return segmenter.segment(Jsoup.parse(html));
    }

    private static String body(String words, int times) {
        return ("<p>" + words + "</p>").repeat(times);
    }

    @Test
    void skipsTheTableOfContentsAndStartsAtTheRealHeadings() {
        Map<String, FilingSection> sections = segment("<html><body>"
                + "<table><tr><td><a href='#i1'>Item 1.</a></td><td>Business</td><td>3</td></tr>"
                + "<tr><td><a href='#i1a'>Item 1A.</a></td><td>Risk Factors</td><td>9</td></tr>"
                + "<tr><td><a href='#i2'>Item 2.</a></td><td>Properties</td><td>20</td></tr>"
                + "<tr><td><a href='#i7'>Item 7.</a></td><td>Management's Discussion</td><td>25</td></tr></table>"
                + "<p>PART I</p><div id='i1'>Item 1. Business</div>" + body("We make widgets.", 20)
                + "<div>Item 1A. Risk Factors</div>" + body("Widgets may fail.", 20)
                + "<div>Item 2. Properties</div>" + body("A factory.", 5)
                + "<p>PART II</p><div>Item 7. Management's Discussion and Analysis</div>" + body("Sales grew.", 10)
                + "<p>SIGNATURES</p><p>Signed.</p></body></html>");

        assertThat(sections.keySet()).containsExactly("1", "1A", "2", "7");
        assertThat(sections.get("1").text()).startsWith("Item 1. Business\nWe make widgets.");
        assertThat(sections.get("1A").title()).isEqualTo("Risk Factors");
        // The "PART II" line between items belongs to neither; the text stops at SIGNATURES.
        assertThat(sections.get("2").text()).doesNotContain("PART II");
        assertThat(sections.get("7").text()).endsWith("Sales grew.").doesNotContain("Signed");
    }

    @Test
    void crossReferencesInsideTheTextAreNotHeadings() {
        Map<String, FilingSection> sections = segment("<html><body>"
                + "<p>Item 1. Business</p><p>See Item 7 for results. Item 8 of this report has the statements.</p>"
                + "<p>Item 7 of this report discusses sales in detail and is not a heading.</p>"
                + "<p>Item 1A. Risk Factors</p><p>Risks.</p></body></html>");

        assertThat(sections.keySet()).containsExactly("1", "1A");
        assertThat(sections.get("1").text()).contains("Item 7 of this report");
    }

    @Test
    void combinedHeadingsGiveBothItemsTheSameText() {
        Map<String, FilingSection> sections = segment("<html><body>"
                + "<p>Items 1 and 2. Business and Properties</p><p>We own a plant.</p>"
                + "<p>Item 3. Legal Proceedings</p><p>None.</p></body></html>");

        assertThat(sections.keySet()).containsExactly("1", "2", "3");
        assertThat(sections.get("2").text()).isEqualTo(sections.get("1").text()).contains("We own a plant.");
    }

    @Test
    void legacyUpperCaseHtmlWithColonsAndSubItems() {
        Map<String, FilingSection> sections = segment("<HTML><BODY>"
                + "<P><B>ITEM 1:&nbsp;&nbsp;<I>BUSINESS</I></B><P>THE COMPANY MAKES THINGS."
                + "<P><B>ITEM 14:&nbsp;&nbsp;<I>EXHIBITS</I></B><P><B>Item 14(a)(1):</B><P>Statements."
                + "<P><B>Item 14 (a)(2):</B><P>Schedules.</BODY></HTML>");

        assertThat(sections.keySet()).containsExactly("1", "14");
        assertThat(sections.get("1").title()).isEqualTo("BUSINESS");
        assertThat(sections.get("14").text()).contains("Item 14(a)(1):", "Item 14 (a)(2):", "Schedules.");
    }

    @Test
    void aStrayOutOfOrderMentionCannotReorderTheItems() {
        Map<String, FilingSection> sections = segment("<html><body>"
                + "<p>Item 1. Business</p><p>Text.</p>"
                + "<p>Item 8. Financial Statements</p>"
                + "<p>Item 1A. Risk Factors</p><p>Risks.</p>"
                + "<p>Item 2. Properties</p><p>Plant.</p>"
                + "<p>Item 3. Legal Proceedings</p><p>None.</p></body></html>");

        assertThat(sections.keySet()).containsExactly("1", "1A", "2", "3");
    }

    @Test
    void aDocumentWithoutItemsHasNoSections() {
        assertThat(segment("<html><body><p>Hello.</p></body></html>")).isEmpty();
    }
}
