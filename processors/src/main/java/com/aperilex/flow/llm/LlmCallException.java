package com.aperilex.flow.llm;

/** A call to the model failed: transient (timeout, 429, 5xx) or not (a refused key, a bad request). */
public class LlmCallException extends RuntimeException {
    private final boolean transientFailure;

    public LlmCallException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
