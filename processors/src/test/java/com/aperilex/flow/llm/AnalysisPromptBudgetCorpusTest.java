package com.aperilex.flow.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.parsing.FilingParser;
import com.aperilex.flow.parsing.ParsedFiling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The prompt of each of the corpus's five 10-Ks ({@code -Daperilex.corpus.dir=...}, see MANIFEST.txt), built with
 * the default budget (aperilex.llm.input-token-budget 24000, items 1, 1A, 7, 7A, max-output-tokens 2000), counts
 * within the budget by the counter of each model family: o200k_base (gpt-4o), cl100k_base (gpt-4) and the
 * characters estimate (any other model). A prompt that had to be cut also uses most of its budget.
 */
@EnabledIf("com.aperilex.flow.llm.AnalysisPromptBudgetCorpusTest#available")
class AnalysisPromptBudgetCorpusTest {
    private static final int DEFAULT_BUDGET = 24_000;
    private static final List<String> DEFAULT_ITEMS = List.of("1", "1A", "7", "7A");

    static boolean available() {
        String dir = System.getProperty("aperilex.corpus.dir", "");
        return !dir.isBlank() && Files.isDirectory(Path.of(dir));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @CsvSource({
            "edgartools/aapl-10-k-2024-11-01.html, gpt-4o",
            "edgartools/aapl-10-k-2024-11-01.html, gpt-4-turbo",
            "edgartools/aapl-10-k-2024-11-01.html, claude-sonnet-4",
            "edgartools/nvda-10-k-2025-02-26.html, gpt-4o",
            "edgartools/nvda-10-k-2025-02-26.html, gpt-4-turbo",
            "edgartools/nvda-10-k-2025-02-26.html, claude-sonnet-4",
            "edgartools/10-K_0000950153-99-001234.html, gpt-4o",
            "edgartools/10-K_0000950153-99-001234.html, gpt-4-turbo",
            "edgartools/10-K_0000950153-99-001234.html, claude-sonnet-4",
            "edgar-crawler/2488_10K_2022_0000002488-23-000047.htm, gpt-4o",
            "edgar-crawler/2488_10K_2022_0000002488-23-000047.htm, gpt-4-turbo",
            "edgar-crawler/2488_10K_2022_0000002488-23-000047.htm, claude-sonnet-4",
            "edgar-crawler/2488_10K_2017_0000002488-18-000042.htm, gpt-4o",
            "edgar-crawler/2488_10K_2017_0000002488-18-000042.htm, gpt-4-turbo",
            "edgar-crawler/2488_10K_2017_0000002488-18-000042.htm, claude-sonnet-4"})
    void thePromptOfEachCorpus10KCountsWithinTheDefaultBudget(String file, String model) throws IOException {
        byte[] document = Files.readAllBytes(Path.of(System.getProperty("aperilex.corpus.dir")).resolve(file));
        ParsedFiling parsed = new FilingParser().parse(document, true);
        assertThat(parsed.sections()).as("%s: items located", file).isNotEmpty();
        TokenCounter counter = TokenCounters.forModel(model, TokenEstimate.DEFAULT);
        AnalysisPromptBuilder builder = new AnalysisPromptBuilder(DEFAULT_ITEMS, DEFAULT_BUDGET, 2_000, counter);

        LlmPrompt prompt = builder.build(file, parsed.sections());

        int tokens = counter.count(prompt);
        boolean cut = prompt.messages().get(1).content().contains("[... section truncated");
        System.out.printf("prompt budget %s %-12s %-50s %,6d tokens of %,d (%,d chars)%s%n", model, counter.name(),
                file, tokens, DEFAULT_BUDGET, prompt.totalChars(), cut ? ", items cut" : "");
        assertThat(tokens).as("%s by %s", file, counter.name()).isLessThanOrEqualTo(DEFAULT_BUDGET);
        assertThat(prompt.messages().get(0).content()).contains(NarrativeSchema.text());
        if (cut) {
            assertThat(tokens).as("%s by %s: a cut prompt uses its budget", file, counter.name())
                    .isGreaterThan(DEFAULT_BUDGET * 9 / 10);
        }
    }
}
