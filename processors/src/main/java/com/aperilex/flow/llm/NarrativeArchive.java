package com.aperilex.flow.llm;

/**
 * Where an accepted narrative is made durable before its OK {@code llm_calls} row is written: a worker that dies
 * after the paid call and before the analysis row leaves the narrative and the row naming it, and the next run
 * reuses it instead of calling the model again. Implemented in the service (storage and PostgreSQL).
 */
@FunctionalInterface
public interface NarrativeArchive {
    /** Keeps nothing: the OK row names no answer. */
    NarrativeArchive NONE = result -> null;

    /**
     * Stores the narrative and what it cost, under a key deterministic for the filing, analysis version and
     * model.
     *
     * @return the storage key, recorded on the OK call's row; null when nothing was stored
     */
    String keep(LlmAnalyst.Result result);
}
