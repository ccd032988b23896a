package com.aperilex.flow.llm;

/**
 * Tokens from characters, for budgeting a prompt before it is sent. English prose in GPT-style
 * tokenisers averages about 4 characters a token; filings' tables and numbers run denser, so budgets
 * keep a margin.
 */
public record TokenEstimate(double charsPerToken) {
    public static final TokenEstimate DEFAULT = new TokenEstimate(4.0);

    public TokenEstimate {
        if (charsPerToken <= 0) {
            throw new IllegalArgumentException("charsPerToken must be positive");
        }
    }

    public int tokens(int chars) {
        return (int) Math.ceil(chars / charsPerToken);
    }

    public int chars(int tokens) {
        return (int) Math.floor(tokens * charsPerToken);
    }
}
