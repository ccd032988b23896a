package com.aperilex.flow.pipeline;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.FilingFailure;
import com.aperilex.flow.domain.TaskFailure;
import com.aperilex.flow.message.TaskMessage;
import com.aperilex.flow.persistence.AnalysisFailures;
import com.aperilex.flow.persistence.FilingRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Single flight for failures: the steps of process-task that, under the filing's lock, look up and record how
 * the last attempt at the filing's analysis failed, so that the tasks waiting on the filing share that
 * failure instead of each repeating the attempt and its paid model call. Keyed like the global pool: filing,
 * analysis version, model. What a task does with the failure is {@link TaskProgress#failed}'s decision.
 */
@Component("filingFailures")
public class FilingFailures {
    private static final Logger LOG = LoggerFactory.getLogger(FilingFailures.class);

    private final AnalysisFailures failures;
    private final AnalysisWriter analyses;
    private final Clock clock;
    private final RetryPolicy retry;
    private final int analysisVersion;
    private final Duration validity;
    private final Duration failureHold;

    public FilingFailures(AnalysisFailures failures, AnalysisWriter analyses, Clock clock,
                          AperilexProperties properties) {
        this.failures = failures;
        this.analyses = analyses;
        this.clock = clock;
        this.retry = TaskProgress.retryPolicy(properties);
        this.analysisVersion = properties.analysis().version();
        this.validity = properties.analysis().validity();
        this.failureHold = properties.analysis().failureHold();
    }

    /**
     * The filing's recorded failure if it still decides for this task, else null: this task tries. A transient
     * failure decides until its next attempt is due. A permanent one decides for the tasks asked before it was
     * recorded (they were waiting on that attempt), within the analysis validity window, and for later
     * requests during {@code aperilex.analysis.failure-hold}; after that a new request makes a fresh attempt,
     * so an outage that used up one round of attempts does not refuse the filing for a whole day.
     */
    public FilingFailure inForce(@ExchangeProperty("task") TaskMessage task,
                                 @ExchangeProperty("filingRecord") FilingRecord filing) {
        Instant now = clock.instant();
        return failures.find(filing.id(), analysisVersion, analyses.model(task))
                .filter(failure -> failure.holdsAt(now, validity))
                .filter(failure -> !failure.permanent() || !task.requestedAt().isAfter(failure.failedAt())
                        || now.isBefore(failure.failedAt().plus(failureHold)))
                .orElse(null);
    }

    /**
     * Records that this task's attempt at the filing's analysis failed with {@code caught} and returns the
     * filing's failure as it now stands: transient with its next attempt time, or permanent (a permanent
     * cause, or the retry policy's max-attempts reached by the filing's attempts in a row). Null, and nothing
     * recorded, when the attempt was refused by the daily LLM budget (LLM_BUDGET_EXHAUSTED): that is no failure
     * of the filing, and the task waits for the budget on its own.
     */
    public FilingFailure record(@ExchangeProperty("task") TaskMessage task,
                                @ExchangeProperty("filingRecord") FilingRecord filing,
                                @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable caught) {
        Instant now = clock.instant();
        String model = analyses.model(task);
        TaskFailure typed = TaskProgress.typed(caught);
        if (typed.code() == ErrorCode.LLM_BUDGET_EXHAUSTED) {
            // Not a failure of the filing: no model call was made, nothing is wrong with the filing or the
            // model. Recording it would spend the filing's attempts (max-attempts) on waiting for the budget and
            // end every task of the filing FAILED by midnight; each task waits for the budget on its own instead
            // (TaskProgress.failed), and the next one to hold the lock tries again, a refusal costing no call.
            LOG.info("Analysis of filing {} not attempted: {}", filing.descriptor().accessionNumber(),
                    typed.getMessage());
            return null;
        }
        FilingFailure failure = retry.afterFilingAttempt(failures.find(filing.id(), analysisVersion, model),
                task.taskId(), typed, now, validity, ThreadLocalRandom.current());
        failures.save(filing.id(), analysisVersion, model, failure);
        LOG.info("Analysis of filing {} failed (attempt {}, {}): {} {}", filing.descriptor().accessionNumber(),
                failure.attempts(), failure.permanent() ? "permanent" : "next at " + failure.nextAttemptAt(),
                failure.code(), failure.message());
        return failure;
    }

    /** The filing's analysis by the task's tier's model was made: its failures are history. */
    public void clear(@ExchangeProperty("task") TaskMessage task,
                      @ExchangeProperty("filingRecord") FilingRecord filing) {
        failures.clear(filing.id(), analysisVersion, analyses.model(task));
    }
}
