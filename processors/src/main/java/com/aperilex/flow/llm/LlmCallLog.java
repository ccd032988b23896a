package com.aperilex.flow.llm;

/** Where every model call is accounted for (the service's is the {@code llm_calls} table). */
public interface LlmCallLog {
    /** Accounts for nothing: for an analyst outside the service. */
    LlmCallLog NONE = call -> {
    };

    void record(LlmCall call);
}
