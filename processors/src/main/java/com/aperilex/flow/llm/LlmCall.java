package com.aperilex.flow.llm;

import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.domain.TaskId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One call to the model as it is accounted for: made for a task's analysis of a filing, whatever came of it.
 *
 * @param task         the task whose run made the call; null outside a task (a benchmark, a test)
 * @param filing       the filing analysed; null outside a task
 * @param tier         the model tier the call was made in; null outside a task
 * @param inputTokens  as the provider counted them; 0 for a call that failed before an answer
 * @param outputTokens as the provider counted them; 0 for a call that failed before an answer
 * @param costUsd      at the model's configured price; null when the model has no price
 * @param latencyMs    wall time of the call
 * @param error        what went wrong (the provider's error, the schema violation); null when OK
 * @param calledAt     when the call started
 * @param answerStorageKey where the accepted answer (an OK call's narrative) was stored before this row was
 *                     written, so that a run that dies before its analysis row reuses it; null otherwise
 */
public record LlmCall(TaskId task, FilingId filing, String provider, String model, String tier, int inputTokens,
                      int outputTokens, BigDecimal costUsd, long latencyMs, Outcome outcome, String error,
                      Instant calledAt, int schemaVersion, String answerStorageKey) {
    /** The layout of an {@code llm_calls} row. */
    public static final int SCHEMA_VERSION = 1;

    public enum Outcome {
        /** The answer followed the schema. */
        OK,
        /** The provider answered, outside the analysis schema (a repair follows, or the analysis fails). */
        INVALID_ANSWER,
        /** The provider failed in a way a later call may not (timeout, 429, 5xx). */
        PROVIDER_ERROR_TRANSIENT,
        /** The provider refused the call (a bad key, a bad request). */
        PROVIDER_ERROR_PERMANENT
    }

    /** A call whose answer was not stored (any call but an OK one that a {@link NarrativeArchive} kept). */
    public LlmCall(TaskId task, FilingId filing, String provider, String model, String tier, int inputTokens,
                   int outputTokens, BigDecimal costUsd, long latencyMs, Outcome outcome, String error,
                   Instant calledAt, int schemaVersion) {
        this(task, filing, provider, model, tier, inputTokens, outputTokens, costUsd, latencyMs, outcome, error,
                calledAt, schemaVersion, null);
    }

    public LlmCall {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(calledAt, "calledAt");
    }
}
