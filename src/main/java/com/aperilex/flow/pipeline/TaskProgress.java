package com.aperilex.flow.pipeline;

import com.aperilex.flow.observability.ServiceMetrics;
import com.aperilex.flow.domain.TaskFailure;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.FilingFailure;
import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.AnalysisStatus;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.persistence.TaskRuns;
import com.aperilex.flow.persistence.TaskTransitions;
import com.aperilex.flow.message.TaskMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import com.aperilex.flow.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records where a task is in the pipeline (each AnalysisStatus step with its time, renewing the
 * worker's lease) and how it ends: COMPLETED with its analysis, RETRYING after a transient failure
 * while attempts remain (or behind its filing's retry), FAILED with a typed code otherwise.
 */
@Component("taskProgress")
public class TaskProgress {
    private static final Logger LOG = LoggerFactory.getLogger(TaskProgress.class);

    private final TaskRuns tasks;
    private final TaskTransitions transitions;
    private final Clock clock;
    private final Duration lease;
    private final RetryPolicy retry;
    private final ServiceMetrics metrics;

    public TaskProgress(TaskRuns tasks, TaskTransitions transitions, Clock clock, AperilexProperties properties,
                        ServiceMetrics metrics) {
        this.metrics = metrics;
        this.tasks = tasks;
        this.transitions = transitions;
        this.clock = clock;
        this.lease = properties.worker().lease();
        this.retry = retryPolicy(properties);
    }

    /** The retry policy of aperilex.worker.retry, for a task's own failures and for its filing's analysis. */
    static RetryPolicy retryPolicy(AperilexProperties properties) {
        AperilexProperties.Retry r = properties.worker().retry();
        return new RetryPolicy(r.maxAttempts(), r.initialBackoff(), r.maxBackoff(), r.multiplier(), r.jitter());
    }

    public void fetchingFiling(@ExchangeProperty("task") TaskMessage task) {
        step(task, AnalysisStatus.FETCHING_FILING);
    }

    public void filingStored(@ExchangeProperty("task") TaskMessage task) {
        step(task, AnalysisStatus.FILING_STORED);
    }

    public void parsing(@ExchangeProperty("task") TaskMessage task) {
        step(task, AnalysisStatus.PARSING);
    }

    public void analyzing(@ExchangeProperty("task") TaskMessage task) {
        step(task, AnalysisStatus.ANALYZING);
    }

    public void storing(@ExchangeProperty("task") TaskMessage task) {
        step(task, AnalysisStatus.STORING);
    }

    public void complete(@ExchangeProperty("task") TaskMessage task,
                         @ExchangeProperty("analysisId") AnalysisId analysisId) {
        Instant now = clock.instant();
        if (!tasks.complete(task.taskId(), analysisId, now)) {
            LOG.warn("Task {} was no longer PROCESSING when its analysis {} was ready", task.taskId(), analysisId);
            return;
        }
        metrics.completed(java.time.Duration.between(task.requestedAt(), now));
    }

    /**
     * The run failed: the one place a task's run ends RETRYING or FAILED.
     *
     * <p>When the filing's analysis failed ({@code filingFailure}: recorded by this run, or found recorded by
     * another task's), the task follows the filing: FAILED with its code when the filing's failure is
     * permanent, RETRYING until the filing's next attempt otherwise. A task that only found the failure waits
     * behind the filing's retry (a little later than it, so the waiters do not all come back at once) and
     * that run does not count against its own attempts: the filing's attempts, capped by max-attempts, bound it.
     *
     * <p>A refusal by the daily LLM budget (LLM_BUDGET_EXHAUSTED) is no attempt: RETRYING until the next UTC day,
     * counted neither against the task's attempts nor as a failure of its filing.
     *
     * <p>Any other failure (resolving or registering the filing, its lock) is the task's own: RETRYING with
     * back-off (never before a failure's own not-before, such as the end of a SEC block) while the task's
     * attempts remain, otherwise FAILED with the failure's code.
     */
    public void failed(@ExchangeProperty("task") TaskMessage task,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable caught,
                       @ExchangeProperty("filingFailure") FilingFailure filingFailure) {
        if (filingFailure != null) {
            followFiling(task.taskId(), filingFailure);
            return;
        }
        TaskFailure failure = typed(caught);
        TaskId id = task.taskId();
        Instant now = clock.instant();
        if (failure.code() == ErrorCode.LLM_BUDGET_EXHAUSTED) {
            // No model call was made: the task waits for the next UTC day, spread over its first minutes, and the
            // wait does not spend its own attempts (or its filing's: FilingFailures.record left it unrecorded).
            Instant next = failure.notBefore().orElse(now).plusMillis(ThreadLocalRandom.current().nextLong(0, 60_000));
            LOG.info("Task {} waits for the daily LLM budget: {}; back at {}", id, failure.getMessage(), next);
            tasks.waitForBudget(id, failure.code(), failure.getMessage(), next, now);
            return;
        }
        if (!failure.isTransient()) {
            LOG.info("Task {} failed: {} {}", id, failure.code(), failure.getMessage());
            transitions.fail(id, failure.code(), failure.getMessage(), now);
            return;
        }
        int attempts = tasks.attempts(id);
        if (!retry.mayRetry(attempts)) {
            LOG.warn("Task {} failed after {} attempts: {} {}", id, attempts, failure.code(), failure.getMessage());
            transitions.fail(id, failure.code(), failure.getMessage() + " (after " + attempts + " attempts)", now);
            return;
        }
        Instant next = now.plus(retry.backoff(attempts, ThreadLocalRandom.current()));
        if (failure.notBefore().isPresent() && failure.notBefore().get().isAfter(next)) {
            // Spread the tasks a block released so they do not all call SEC in the same second.
            next = failure.notBefore().get().plusMillis(ThreadLocalRandom.current().nextLong(0, 5_000));
        }
        LOG.info("Task {} failed transiently, {} runs started ({} {}); retrying at {}", id, attempts, failure.code(),
                failure.getMessage(), next);
        tasks.retryLater(id, failure.code(), failure.getMessage(), next, now);
    }

    private void followFiling(TaskId id, FilingFailure filing) {
        Instant now = clock.instant();
        boolean shared = filing.sharedWith(id);
        if (filing.permanent()) {
            // The caller sees that the failure is shared, not whose task met it (a task is its owner's alone).
            String message = shared
                    ? "shared failure of this filing's analysis, not repeated for this task: " + filing.message()
                    : filing.attempts() > 1 ? filing.message() + " (after " + filing.attempts() + " attempts)"
                    : filing.message();
            LOG.info("Task {} failed: {} {}{}", id, filing.code(), message,
                    shared ? " (met by task " + filing.failedTask() + ")" : "");
            transitions.fail(id, filing.code(), message, now);
        } else if (shared) {
            Instant next = filing.nextAttemptAt().plus(retry.spread(ThreadLocalRandom.current()));
            LOG.info("Task {} waits behind the retry of its filing's analysis (attempt {} failed for task {}: {}); "
                    + "back at {}", id, filing.attempts(), filing.failedTask(), filing.code(), next);
            tasks.waitBehindFiling(id, filing.code(), "waiting for the retry of this filing's analysis (attempt "
                    + filing.attempts() + " failed): " + filing.message(), next, now);
        } else {
            LOG.info("Task {} failed its filing's analysis transiently (filing attempt {}: {} {}); retrying at {}",
                    id, filing.attempts(), filing.code(), filing.message(), filing.nextAttemptAt());
            tasks.retryLater(id, filing.code(), filing.message(), filing.nextAttemptAt(), now);
        }
    }

    private void step(TaskMessage task, AnalysisStatus step) {
        tasks.progress(task.taskId(), step, clock.instant(), lease);
    }

    /** The typed failure in the cause chain, or an INTERNAL_ERROR (transient: a bug or an outage) for anything else. */
    static TaskFailure typed(Throwable caught) {
        for (Throwable t = caught; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TaskFailure failure) {
                return failure;
            }
            if (t instanceof StorageException storage) {
                return TaskFailure.retryable(ErrorCode.STORAGE_FAILED, storage.getMessage(), storage);
            }
        }
        LOG.error("Unexpected failure in the worker pipeline", caught);
        return TaskFailure.retryable(ErrorCode.INTERNAL_ERROR,
                caught == null ? "unknown failure" : caught.getClass().getSimpleName() + ": " + caught.getMessage(),
                caught);
    }
}
