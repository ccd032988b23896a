package com.aperilex.flow.message;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.ModelTier;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.Ticker;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * The message queued for a worker: one task, everything the worker needs to run it without a
 * database read. Deliberately deterministic (no send time) so a re-publish of the same task is
 * byte-identical.
 *
 * @param schemaVersion layout version of this message; {@link #CURRENT_SCHEMA_VERSION} today
 * @param email         the requester's email, or null when the caller's token carries none (always set on messages
 *                      from before authentication; null is allowed within version 3: no worker reads it)
 * @param ticker        set when the caller named the company by ticker, otherwise null
 * @param cik           set when the caller named the company by CIK, otherwise null
 * @param accessionNumber the named filing, or null for the latest of {@code formType}
 * @param dedupKey      see {@link com.aperilex.flow.intake.DedupKeys}
 * @param requestedAt   when the task was accepted
 * @param attempt       0 for the first run; a retry of the same task is published with the next number,
 *                      so brokers and the consumer's idempotency tell a retry from a duplicate (added in
 *                      schema version 2; a version 1 message is attempt 0)
 * @param modelTier     the model tier the task's analysis is made in (added in schema version 3; a version 1 or
 *                      2 message is of the reading worker's default tier, see {@link TaskMessageCodec})
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TaskMessage(
        int schemaVersion,
        TaskId taskId,
        Email email,
        Ticker ticker,
        Cik cik,
        FormType formType,
        AccessionNumber accessionNumber,
        int requestSchemaVersion,
        String dedupKey,
        Instant requestedAt,
        int attempt,
        ModelTier modelTier) {

    public static final int CURRENT_SCHEMA_VERSION = 3;

    public TaskMessage {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(formType, "formType");
        Objects.requireNonNull(dedupKey, "dedupKey");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(modelTier, "modelTier");
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative");
        }
        if ((ticker == null) == (cik == null)) {
            throw new IllegalArgumentException("exactly one of ticker or cik must be set");
        }
    }

    public static TaskMessage of(TaskId taskId, AnalysisRequest request, String dedupKey, Instant requestedAt) {
        return new TaskMessage(CURRENT_SCHEMA_VERSION, taskId, request.email(), request.ticker().orElse(null),
                request.cik().orElse(null), request.formType(), request.accessionNumber(), request.schemaVersion(),
                dedupKey, requestedAt, 0, request.modelTier());
    }

    /** The same task for its next run. */
    public TaskMessage nextAttempt(int attemptNumber) {
        return new TaskMessage(CURRENT_SCHEMA_VERSION, taskId, email, ticker, cik, formType, accessionNumber,
                requestSchemaVersion, dedupKey, requestedAt, attemptNumber, modelTier);
    }

    /**
     * Key of this run for the broker's and the consumer's deduplication: the task id, suffixed on retries.
     * Not the request's dedup key: a request asked again after its task failed is a new task, and a broker
     * that deduplicates for minutes (SQS FIFO: 5) must not drop it.
     */
    public String runKey() {
        return attempt == 0 ? taskId.toString() : taskId + "-" + attempt;
    }
}
