package com.aperilex.flow.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.parsing.FilingSection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenCountersTest {

    @ParameterizedTest
    @CsvSource({
            "gpt-4o, o200k_base", "gpt-4o-mini-2024-07-18, o200k_base", "gpt-4.1-nano, o200k_base",
            "o1, o200k_base", "o1-mini, o200k_base", "o3-mini, o200k_base", "o4-mini, o200k_base",
            "openai/gpt-4o, o200k_base", "GPT-4O, o200k_base",
            "gpt-4, cl100k_base", "gpt-4-turbo, cl100k_base", "gpt-3.5-turbo, cl100k_base",
            "claude-sonnet-4, chars/4.0", "meta-llama/Llama-3:8b, chars/4.0", "amazon.nova-lite-v1:0, chars/4.0",
            "olmo-2, chars/4.0", "o10, chars/4.0", "none, chars/4.0"})
    void eachModelFamilyGetsItsTokenizerAndAnyOtherTheEstimate(String model, String counter) {
        assertThat(TokenCounters.forModel(model, TokenEstimate.DEFAULT).name()).isEqualTo(counter);
    }

    @Test
    void theEncodingsCountLikeOpenAisTokenizer() {
        // tiktoken: "hello world" is 2 tokens in both; the special-token text is ordinary text in a message.
        assertThat(TokenCounters.forModel("gpt-4o", TokenEstimate.DEFAULT).count("hello world")).isEqualTo(2);
        assertThat(TokenCounters.forModel("gpt-4", TokenEstimate.DEFAULT).count("hello world")).isEqualTo(2);
        assertThat(TokenCounters.forModel("gpt-4o", TokenEstimate.DEFAULT).count("a <|endoftext|> b")).isPositive();
        assertThat(TokenEstimate.DEFAULT.count("hello world")).isEqualTo(3);
    }

    @Test
    void aPromptIsItsMessagesAndTheChatFormatsOverhead() {
        TokenCounter o200k = TokenCounters.forModel("gpt-4o", TokenEstimate.DEFAULT);
        LlmPrompt prompt = new LlmPrompt(List.of(new LlmPrompt.Message(LlmPrompt.Role.SYSTEM, "hello world"),
                new LlmPrompt.Message(LlmPrompt.Role.USER, "hello world")), 10);
        assertThat(o200k.count(prompt)).isEqualTo(2 + 2 + 2 * TokenCounter.PER_MESSAGE_OVERHEAD
                + TokenCounter.REPLY_PRIMING);
    }

    @Test
    void theBuilderCutsTheSectionsSoTheWholePromptCountsWithinTheBudgetByTheModelsTokenizer() {
        StringBuilder numbers = new StringBuilder("Item 7. MD&A\n");
        for (int i = 0; i < 6_000; i++) {
            // dense figures: far more tokens than 4 characters each would suggest
            numbers.append("$").append(i * 7919 % 100_000).append(",").append(i % 997).append(" | ")
                    .append(i * 31 % 1000).append("%\n");
        }
        Map<String, FilingSection> sections = Map.of("7", new FilingSection("7", "MD&A", numbers.toString()),
                "1", new FilingSection("1", "Business", "Item 1. Business\nWe make things.\n"));
        for (String model : List.of("gpt-4o", "gpt-4", "other")) {
            TokenCounter counter = TokenCounters.forModel(model, TokenEstimate.DEFAULT);
            int budget = 6_000;
            LlmPrompt prompt = new AnalysisPromptBuilder(List.of("1", "7"), budget, 500, counter)
                    .build("X 10-K", sections);
            int tokens = counter.count(prompt);
            assertThat(tokens).as(model).isLessThanOrEqualTo(budget).isGreaterThan(budget * 9 / 10);
            assertThat(prompt.messages().get(1).content()).contains("We make things.", "[... section truncated");
        }
    }

    @Test
    void aBudgetThatCannotHoldTheInstructionsIsAnError() {
        Map<String, FilingSection> sections = Map.of("1", new FilingSection("1", "Business", "Item 1. Business\nx\n"));
        assertThatThrownBy(() -> new AnalysisPromptBuilder(List.of("1"), 50, 500,
                TokenCounters.forModel("gpt-4o", TokenEstimate.DEFAULT)).build("X", sections))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("o200k_base");
    }
}
