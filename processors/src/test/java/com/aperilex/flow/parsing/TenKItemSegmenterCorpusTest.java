package com.aperilex.flow.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Item segmentation measured on the real filings: every item the ground truth lists is found, starts at
 * its real heading (not the table of contents) and has a plausible length: within 10 % of the ground
 * truth, or inside the size band's flag limits [low_flag, high_flag] of parser_corpus_size_bands.json.
 */
@EnabledIf("com.aperilex.flow.parsing.Corpus#available")
class TenKItemSegmenterCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode groundTruth;
    private static JsonNode bands;
    private final TenKItemSegmenter segmenter = new TenKItemSegmenter();

    @BeforeAll
    static void load() throws IOException {
        groundTruth = JSON.readTree(Corpus.dir().orElseThrow().resolve("edgartools/ground_truth_items_aapl_nvda.json")
                .toFile()).get("filings");
        bands = JSON.readTree(Corpus.dir().orElseThrow().resolve("edgartools/parser_corpus_size_bands.json")
                .toFile()).get("bands").get("10-K");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aapl", "nvda"})
    void everyGroundTruthItemIsFoundAtItsHeadingWithAPlausibleLength(String ticker) throws IOException {
        String key = ticker.equals("aapl") ? "aapl/10k/aapl-10-k-2024-11-01.html" : "nvda/10k/nvda-10-k-2025-02-26.html";
        String file = ticker.equals("aapl") ? "edgartools/aapl-10-k-2024-11-01.html"
                : "edgartools/nvda-10-k-2025-02-26.html";
        Map<String, FilingSection> sections = segmenter.segment(Corpus.parse(file));

        groundTruth.get(key).get("items").fields().forEachRemaining(entry -> {
            String item = entry.getKey();
            int expected = entry.getValue().get("text_len").asInt();
            FilingSection section = sections.get(item);
            assertThat(section).as("%s item %s found", ticker, item).isNotNull();
            assertThat(section.text()).as("%s item %s starts at its heading", ticker, item)
                    .startsWith("Item " + item + ".");
            assertThat(plausibleLength(item, section.chars(), expected))
                    .as("%s item %s: %d chars, ground truth %d", ticker, item, section.chars(), expected).isTrue();
        });
        assertThat(sections.keySet()).containsExactlyElementsOf(TenKItemSegmenter.ITEMS);
    }

    @Test
    void nvidiaItem8IsItsShortCrossReference() throws IOException {
        FilingSection item8 = segmenter.segment(Corpus.parse("edgartools/nvda-10-k-2025-02-26.html")).get("8");

        assertThat(item8.title()).isEqualTo("Financial Statements and Supplementary Data");
        assertThat(item8.text()).contains("The information required by this Item is set forth in our Consolidated "
                + "Financial Statements and Notes thereto");
        assertThat(item8.chars()).isBetween(187, 228);
    }

    @Test
    void amd2022InlineXbrl() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(
                Corpus.parse("edgar-crawler/2488_10K_2022_0000002488-23-000047.htm"));

        // Filed before Item 1C existed.
        assertThat(sections.keySet()).containsExactlyElementsOf(TenKItemSegmenter.ITEMS.stream()
                .filter(i -> !i.equals("1C")).toList());
        assertThat(sections.get("1").title()).isEqualTo("BUSINESS");
        assertThat(sections.get("1").text()).startsWith("ITEM 1. BUSINESS");
        assertWithinBands(sections, List.of("1", "1A", "7", "7A", "8", "9A"));
    }

    @Test
    void amd2017TitlesInTheirOwnCells() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(
                Corpus.parse("edgar-crawler/2488_10K_2017_0000002488-18-000042.htm"));

        assertThat(sections.keySet()).containsExactlyElementsOf(TenKItemSegmenter.ITEMS.stream()
                .filter(i -> !i.equals("1C") && !i.equals("9C")).toList());
        assertThat(sections.get("1B").title()).isEqualTo("UNRESOLVED STAFF COMMENTS");
        assertThat(sections.get("7").title())
                .isEqualTo("MANAGEMENT’S DISCUSSION AND ANALYSIS OF FINANCIAL CONDITION AND RESULTS OF OPERATIONS");
        assertWithinBands(sections, List.of("1", "1A", "7", "7A", "8", "9A"));
    }

    @Test
    void medicis1999LegacyHtml() throws IOException {
        Map<String, FilingSection> sections = segmenter.segment(Corpus.parse("edgartools/10-K_0000950153-99-001234.html"));

        // The 1999 form had Items 1 to 14 (and 7A); Part III is incorporated by reference.
        assertThat(sections.keySet()).containsExactly("1", "2", "3", "4", "5", "6", "7", "7A", "8", "9", "10", "11",
                "12", "13", "14");
        assertThat(sections.get("1").text()).startsWith("Item 1: Business");
        assertThat(sections.get("1").chars()).isGreaterThan(50_000);
        assertThat(sections.get("14").title()).startsWith("Exhibits, Financial Statement Schedules");
        assertThat(sections.get("14").text()).contains("Item 14 (a)(3)");
    }

    private static boolean plausibleLength(String item, int actual, int groundTruth) {
        if (Math.abs(actual - groundTruth) <= 0.10 * groundTruth) {
            return true;
        }
        JsonNode band = bands.get(item);
        return band != null && actual >= band.get("low_flag").asInt() && actual <= band.get("high_flag").asInt();
    }

    private static void assertWithinBands(Map<String, FilingSection> sections, List<String> items) {
        for (String item : items) {
            JsonNode band = bands.get(item);
            assertThat(sections.get(item).chars()).as("item %s", item)
                    .isBetween(band.get("low_flag").asInt(), band.get("high_flag").asInt());
        }
    }
}
