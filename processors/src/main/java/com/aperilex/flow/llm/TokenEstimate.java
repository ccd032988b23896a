package com.aperilex.flow.llm;

/**
 * Tokens from characters, for budgeting a prompt before it is sent. English prose in GPT-style
 * tokenisers averages about 4 characters a token; filings' tables and numbers run denser, so budgets
 * keep a margin. The {@link TokenCounter} of models whose tokenizer is not known ({@link TokenCounters}).
 */
public record TokenEstimate(double charsPerToken) implements TokenCounter {
    public static final TokenEstimate DEFAULT = new TokenEstimate(4.0);

    public TokenEstimate {
        if (charsPerToken <= 0) {
            throw new IllegalArgumentException("charsPerToken must be positive");
        }
    }

    public int tokens(int chars) {
        return (int) Math.ceil(chars / charsPerToken);
    }

    @Override
    public String name() {
        return "chars/" + charsPerToken;
    }

    @Override
    public int count(String text) {
        return tokens(text.length());
    }

    /**
     * The prompt's characters at the estimate's rate, as a whole: the chat format's few tokens a message are
     * within the estimate's margin, so none are added.
     */
    @Override
    public int count(LlmPrompt prompt) {
        return tokens(prompt.totalChars());
    }

    public int chars(int tokens) {
        return (int) Math.floor(tokens * charsPerToken);
    }
}
