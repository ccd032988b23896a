package com.aperilex.flow.llm;

import java.time.Instant;

/**
 * The call was not made: the provider was not touched (its circuit breaker is open). Transient; a retry
 * makes sense from {@link #retryAt()}.
 */
public class LlmCallRefusedException extends LlmCallException {
    private final Instant retryAt;

    public LlmCallRefusedException(String message, Instant retryAt) {
        super(message, true, null);
        this.retryAt = retryAt;
    }

    public Instant retryAt() {
        return retryAt;
    }
}
