package com.aperilex.flow.message;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.ModelTier;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.domain.TaskLane;
import com.fasterxml.jackson.annotation.JsonIgnore;
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
 * @param priority      0 (highest) to 9: its owner's tier's priority when the task was admitted; it picks the
 *                      queue lane ({@link TaskLane#of}) (added in schema version 4; an older message is of
 *                      {@link TaskLane#DEFAULT_PRIORITY}, the standard lane)
 * @param filingSource  the data source routes the task's filing comes from ({@code pool}: only the analyses
 *                      and filings already held, for DEMO), or null for the configured
 *                      {@code aperilex.pipeline.filing-source} (added in schema version 4; null in older ones)
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
        ModelTier modelTier,
        int priority,
        String filingSource) {

    public static final int CURRENT_SCHEMA_VERSION = 4;

    public TaskMessage {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(formType, "formType");
        Objects.requireNonNull(dedupKey, "dedupKey");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(modelTier, "modelTier");
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative");
        }
        TaskLane.of(priority); // 0..9
        if (filingSource != null && filingSource.isBlank()) {
            throw new IllegalArgumentException("filingSource must be null (the configured source) or a source's name");
        }
        if ((ticker == null) == (cik == null)) {
            throw new IllegalArgumentException("exactly one of ticker or cik must be set");
        }
    }

    /**
     * The first run of an admitted task.
     *
     * @param priority     its owner's tier's priority, 0 (highest) to 9
     * @param filingSource the filing source the tier is served from, or null for the configured one
     */
    public static TaskMessage of(TaskId taskId, AnalysisRequest request, String dedupKey, Instant requestedAt,
                                 int priority, String filingSource) {
        return new TaskMessage(CURRENT_SCHEMA_VERSION, taskId, request.email(), request.ticker().orElse(null),
                request.cik().orElse(null), request.formType(), request.accessionNumber(), request.schemaVersion(),
                dedupKey, requestedAt, 0, request.modelTier(), priority, filingSource);
    }

    /** The same task for its next run. */
    public TaskMessage nextAttempt(int attemptNumber) {
        return new TaskMessage(CURRENT_SCHEMA_VERSION, taskId, email, ticker, cik, formType, accessionNumber,
                requestSchemaVersion, dedupKey, requestedAt, attemptNumber, modelTier, priority, filingSource);
    }

    /** The queue lane of this task's priority. */
    @JsonIgnore
    public TaskLane lane() {
        return TaskLane.of(priority);
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
