package com.aperilex.flow.llm;

import java.math.BigDecimal;

/**
 * What producing a narrative took, over every call including a repair.
 *
 * @param costUsd estimate from the configured price of the model; null when no price is configured
 */
public record LlmUsage(String provider, String model, int inputTokens, int outputTokens, BigDecimal costUsd,
                       long latencyMs, int calls) {
}
