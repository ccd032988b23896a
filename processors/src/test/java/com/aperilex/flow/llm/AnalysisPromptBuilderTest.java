package com.aperilex.flow.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.parsing.FilingSection;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalysisPromptBuilderTest {

    private static FilingSection section(String item, String title, int lines) {
        StringBuilder text = new StringBuilder("Item " + item + ". " + title + "\n");
        for (int i = 0; i < lines; i++) {
            text.append("Line ").append(i).append(" of item ").append(item).append(" with some words in it.\n");
        }
        return new FilingSection(item, title, text.toString());
    }

    @Test
    void stayWithinTheBudgetSharingItAmongLongItemsAndKeepingShortOnesWhole() {
        Map<String, FilingSection> sections = Map.of(
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
        Map<String, FilingSection> sections = Map.of("1", section("1", "Business", 10), "7", section("7", "MD&A", 10));
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
        assertThat(builder.covers(Map.of("7", new FilingSection("7", "MD&A", "  ")))).as("blank").isFalse();
        assertThat(builder.covers(Map.of("7", section("7", "MD&A", 3)))).isTrue();
        assertThat(builder.covers(Map.of())).isFalse();
    }

    @Test
    void aQuarterlyReportIsPromptedWithItsPartsItemsAndTheQuartersWording() {
        Map<String, FilingSection> sections = new LinkedHashMap<>();
        sections.put("I-1", section("I-1", "Financial Statements", 50));
        sections.put("I-2", section("I-2", "Management's Discussion and Analysis", 20));
        sections.put("II-1A", section("II-1A", "Risk Factors", 20));
        AnalysisPromptBuilder builder = new AnalysisPromptBuilder(FormType.TEN_Q, List.of("I-2", "II-1A"), 24_000,
                1_000, TokenEstimate.DEFAULT);

        assertThat(builder.covers(sections)).isTrue();
        LlmPrompt prompt = builder.build("Apple Inc. 10-Q for the quarter ended 2023-07-01", sections);

        String system = prompt.messages().get(0).content();
        assertThat(system).contains("a quarterly report on Form 10-Q", "the quarter")
                .contains(NarrativeSchema.forForm(FormType.TEN_Q).text())
                .doesNotContain("the business and the year\"");
        String user = prompt.messages().get(1).content();
        assertThat(user).contains("=== Item I-2: Management's Discussion and Analysis ===",
                "=== Item II-1A: Risk Factors ===").doesNotContain("Financial Statements");
        assertThat(prompt.responseSchema()).isEqualTo(NarrativeSchema.forForm(FormType.TEN_Q).forProvider());
    }

    @Test
    void everySectionOfACurrentReportGoesInItsDocumentOrderExhibitsIncluded() {
        Map<String, FilingSection> sections = new LinkedHashMap<>();
        sections.put("2.02", section("2.02", "Results of Operations and Financial Condition", 5));
        sections.put("9.01", section("9.01", "Financial Statements and Exhibits", 2));
        sections.put("EX-99.1", new FilingSection("EX-99.1", "Adobe Reports Record Revenue",
                "SAN JOSE, Calif. Adobe reported record revenue of $4.66 billion."));
        AnalysisPromptBuilder builder = new AnalysisPromptBuilder(FormType.EIGHT_K,
                List.of(AnalysisPromptBuilder.EVERY_SECTION), 24_000, 1_000, TokenEstimate.DEFAULT);

        LlmPrompt prompt = builder.build("Adobe Inc. 8-K reporting an event of 2023-03-15", sections);

        String user = prompt.messages().get(1).content();
        assertThat(user).containsSubsequence("=== Item 2.02: Results of Operations and Financial Condition ===",
                "=== Item 9.01: Financial Statements and Exhibits ===",
                "=== Exhibit 99.1: Adobe Reports Record Revenue ===", "record revenue of $4.66 billion");
        assertThat(prompt.messages().get(0).content()).contains("a current report on Form 8-K", "what happened");
        assertThat(builder.covers(Map.of())).isFalse();
    }

    @Test
    void namedSectionsComeFirstAndTheWildcardAddsTheRestOnce() {
        Map<String, FilingSection> sections = new LinkedHashMap<>();
        sections.put("proposal-1", section("proposal-1", "Election of Directors", 3));
        sections.put("executive-compensation", section("executive-compensation", "Executive Compensation", 3));
        LlmPrompt prompt = new AnalysisPromptBuilder(FormType.DEF_14A, List.of("executive-compensation", "*"),
                24_000, 1_000, TokenEstimate.DEFAULT).build("Cabot Corp DEF 14A, filed 2023-01-27", sections);

        String user = prompt.messages().get(1).content();
        assertThat(user).containsSubsequence("=== Executive Compensation ===", "=== Election of Directors ===");
        assertThat(user.split("=== Executive Compensation ===", -1)).hasSize(2);
    }

    @Test
    void everyFormsWordingKeepsTheNarrativesShapeAndAValidAnswerStaysValid() throws Exception {
        var answer = new ObjectMapper().readTree("""
                {"summary": "Adobe reported record quarterly revenue.",
                 "keyRisks": [{"title": "Macro", "severity": "medium", "description": "Demand may soften."}],
                 "mdaHighlights": ["Revenue of $4.66 billion"], "outlook": "Guidance for Q2 was given."}""");
        assertThat(NarrativeSchema.validate(answer)).isEmpty();
        for (FormType form : FormType.values()) {
            var worded = NarrativeSchema.forForm(form).forProvider();
            var plain = NarrativeSchema.forProvider();
            assertThat(worded.get("required")).as(form.edgarName()).isEqualTo(plain.get("required"));
            assertThat(worded.get("properties").fieldNames()).toIterable()
                    .containsExactlyElementsOf(() -> plain.get("properties").fieldNames());
            worded.get("properties").fields().forEachRemaining(field -> {
                var other = (com.fasterxml.jackson.databind.node.ObjectNode) plain.get("properties").get(field.getKey())
                        .deepCopy();
                var mine = (com.fasterxml.jackson.databind.node.ObjectNode) field.getValue().deepCopy();
                other.remove("description");
                mine.remove("description");
                assertThat(mine).as(form.edgarName() + " " + field.getKey()).isEqualTo(other);
            });
        }
        assertThat(NarrativeSchema.forForm(FormType.EIGHT_K).text()).contains("what happened")
                .isNotEqualTo(NarrativeSchema.text());
        assertThat(NarrativeSchema.forForm(FormType.TEN_K).text()).isEqualTo(NarrativeSchema.text());
    }

    @Test
    void headersNameItemsExhibitsAndNamedSections() {
        assertThat(AnalysisPromptBuilder.header("1A", "Risk Factors")).isEqualTo("Item 1A: Risk Factors");
        assertThat(AnalysisPromptBuilder.header("II-1A", "")).isEqualTo("Item II-1A");
        assertThat(AnalysisPromptBuilder.header("EX-99.2", "Investor slides")).isEqualTo("Exhibit 99.2: Investor slides");
        assertThat(AnalysisPromptBuilder.header("use-of-proceeds", "Use of Proceeds")).isEqualTo("Use of Proceeds");
        assertThat(AnalysisPromptBuilder.header("ownership", "")).isEqualTo("ownership");
    }
}
