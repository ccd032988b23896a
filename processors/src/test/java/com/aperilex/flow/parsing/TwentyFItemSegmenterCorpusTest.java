package com.aperilex.flow.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * 20-F segmentation on the three real 20-Fs of the corpus (MANIFEST, "20-F (FOREIGN PRIVATE ISSUERS)"):
 * every item the MANIFEST lists is found, in order, and starts at its body heading, not at the table of
 * contents (in each document the contents and the body spell the headings differently, so the heading's
 * spelling tells them apart).
 *
 * <p>Sizes: the only lengths the MANIFEST quotes (Loncor: Item 6 = 42307, Item 11 = 268, Item 1 = 372) are
 * edgartools' own rendering, which adds markdown (table pipes and cell padding, emphasis) to the text; ours is
 * the plain text, one line per block. The tolerance is therefore one-sided: at most edgartools' length and at
 * least 60 % of it (we measure 67 %, 69 % and 77 %; a section cut at a wrong heading would be far outside).
 */
@EnabledIf("com.aperilex.flow.parsing.Corpus#available")
class TwentyFItemSegmenterCorpusTest {
    private final TwentyFItemSegmenter segmenter = new TwentyFItemSegmenter();

    private static List<String> items(Map<String, FilingSection> sections) {
        return sections.keySet().stream().filter(k -> !k.contains(".")).toList();
    }

    @Test
    void plymouthRock2020() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(Corpus.parse("edgartools/20-F_0001062993-21-003193.html"));

        assertThat(items(sections)).containsExactly("1", "2", "3", "4", "4A", "5", "6", "7", "8", "9", "10", "11",
                "12", "13", "14", "15", "16A", "16B", "16C", "16D", "16E", "16F", "17", "18", "19");
        // Contents: "Item 3. Key Information"; body: "ITEM 3." with "KEY INFORMATION" in the next cell.
        items(sections).forEach(item -> assertThat(sections.get(item).text()).as("item %s", item)
                .startsWith("ITEM " + item));
        assertThat(sections.get("3").title()).isEqualTo("KEY INFORMATION");
        assertThat(sections.get("19").title()).isEqualTo("EXHIBITS");
        assertThat(sections.get("3.D").title()).isEqualTo("Risk Factors");
        assertThat(sections.get("3.D").chars()).isGreaterThan(50_000);
        assertThat(sections.get("3").text()).contains(sections.get("3.D").text());
        assertThat(sections.get("18").chars()).isGreaterThan(100_000);
        assertThat(sections.keySet()).contains("4.A", "4.B", "4.C", "4.D", "5.A", "6.B", "10.E");
    }

    @Test
    void loncor2015WrappedHeadersAndDottedItem16Parts() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(Corpus.parse("edgartools/20-F_0001062993-16-008650.html"));

        assertThat(items(sections)).containsExactly("1", "2", "3", "4", "4A", "5", "6", "7", "8", "9", "10", "11",
                "12", "13", "14", "15", "16A", "16B", "16C", "16D", "16E", "16F", "16G", "16H", "17", "18", "19");
        // Contents: "ITEM 6." upper case; body: "Item 6.", "Item 16.A.".
        items(sections).forEach(item -> assertThat(sections.get(item).text()).as("item %s", item)
                .startsWith("Item " + item.replaceFirst("^16([A-H])$", "16.$1") + "."));
        assertThat(sections.get("6").title()).isEqualTo("Directors, Senior Management and Employees");
        assertThat(sections.get("11").title()).isEqualTo("Quantitative and Qualitative Disclosures About Market Risk.");
        assertThat(sections.get("16B").title()).isEqualTo("Code of Ethics.");
        assertThat(sections.get("16H").title()).isEqualTo("Mine Safety");
        assertThat(sections.get("3.D").title()).isEqualTo("Risk Factors");
        assertThat(sections).doesNotContainKey("20");
        assertEdgartoolsLength(sections.get("6"), 42307);
        assertEdgartoolsLength(sections.get("11"), 268);
        assertEdgartoolsLength(sections.get("1"), 372);
    }

    @Test
    void aegon2000PreformattedText() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(Corpus.parse("edgartools/20-F_0000928385-01-500187.html"));

        assertThat(items(sections)).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
                "13", "14", "15", "16", "18", "19");
        // Contents: "Item 3    Key Information" (no full stop); body: "Item 3. Key Information".
        items(sections).forEach(item -> assertThat(sections.get(item).text()).as("item %s", item)
                .startsWith("Item " + item + "."));
        assertThat(sections.get("7").title()).isEqualTo("Major Shareholders and Related Party Transactions");
        assertThat(sections.get("3").text()).contains("\nRisk factors\n");
        assertThat(sections.get("4").chars()).isGreaterThan(50_000);
        assertThat(sections.get("5").chars()).isGreaterThan(50_000);
        assertThat(sections.get("16").title()).isEqualTo("Reserved for future use");
        assertThat(sections.get("19").text()).contains("(a) Index of financial statements");
    }

    private static void assertEdgartoolsLength(FilingSection section, int edgartools) {
        assertThat(section.chars()).as("item %s: %d chars, edgartools %d", section.item(), section.chars(), edgartools)
                .isBetween((int) (0.6 * edgartools), edgartools);
    }
}
