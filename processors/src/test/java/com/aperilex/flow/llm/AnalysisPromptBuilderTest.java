package com.aperilex.flow.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.parsing.TenKSection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalysisPromptBuilderTest {

    private static TenKSection section(String item, String title, int lines) {
        StringBuilder text = new StringBuilder("Item " + item + ". " + title + "\n");
        for (int i = 0; i < lines; i++) {
            text.append("Line ").append(i).append(" of item ").append(item).append(" with some words in it.\n");
        }
        return new TenKSection(item, title, text.toString());
    }

    @Test
    void stayWithinTheBudgetSharingItAmongLongItemsAndKeepingShortOnesWhole() {
        Map<String, TenKSection> sections = Map.of(
                "1", section("1", "Business", 2_000),
                "1A", section("1A", "Risk Factors", 5_000),
                "7", section("7", "MD&A", 3_000),
                "7A", section("7A", "Market Risk", 5),
                "8", section("8", "Financial Statements", 5_000));
        int budget = 8_000;
        AnalysisPromptBuilder builder = new AnalysisPromptBuilder(List.of("1", "1A", "7", "7A"), budget, 1_000,
                TokenEstimate.DEFAULT);
        LlmPrompt prompt = builder.build("Apple Inc. 10-K for fiscal year 2024", sections);

        assertThat(TokenEstimate.DEFAULT.tokens(prompt.totalChars())).isLessThanOrEqualTo(budget);
        String user = prompt.messages().get(1).content();
        assertThat(user).contains("=== Item 1: Business ===", "=== Item 1A: Risk Factors ===", "=== Item 7: MD&A ===");
        assertThat(user).doesNotContain("Item 8");
        // Item 7A is short: whole. The long items are cut at a line break and say so.
        assertThat(user).contains(sections.get("7A").text().strip());
        assertThat(user).contains("[... section truncated to fit the prompt budget]");
        assertThat(prompt.messages().get(0).role()).isEqualTo(LlmPrompt.Role.SYSTEM);
        assertThat(prompt.messages().get(0).content()).contains("\"keyRisks\"");
        assertThat(prompt.maxOutputTokens()).isEqualTo(1_000);
    }

    @Test
    void everythingFitsWhenTheBudgetAllows() {
        Map<String, TenKSection> sections = Map.of("1", section("1", "Business", 10), "7", section("7", "MD&A", 10));
        LlmPrompt prompt = new AnalysisPromptBuilder(List.of("1", "1A", "7", "7A"), 24_000, 1_000,
                TokenEstimate.DEFAULT).build("X", sections);
        assertThat(prompt.messages().get(1).content()).doesNotContain("truncated").contains("Line 9 of item 7");
    }

    @Test
    void sectionsOtherThanThePromptsItemsDoNotMakeAPrompt() {
        AnalysisPromptBuilder builder = new AnalysisPromptBuilder(List.of("1A", "7"), 24_000, 1_000, TokenEstimate.DEFAULT);
        // A 10-Q's parts and items are not a 10-K's: no call would be grounded in them.
        assertThat(builder.covers(Map.of("I-2", section("I-2", "MD&A", 10), "II-1A", section("II-1A", "Risk", 10))))
                .isFalse();
        assertThat(builder.covers(Map.of("7", new TenKSection("7", "MD&A", "  ")))).as("blank").isFalse();
        assertThat(builder.covers(Map.of("7", section("7", "MD&A", 3)))).isTrue();
        assertThat(builder.covers(Map.of())).isFalse();
    }
}
