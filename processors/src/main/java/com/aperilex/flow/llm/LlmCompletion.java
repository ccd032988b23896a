package com.aperilex.flow.llm;

/**
 * A model's answer and what it cost.
 *
 * @param inputTokens  as the provider counted them (estimated only when a provider reports none)
 * @param latencyMs    wall time of the call
 */
public record LlmCompletion(String content, int inputTokens, int outputTokens, long latencyMs) {
}
