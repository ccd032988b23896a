package com.aperilex.flow.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How the last attempt at a filing's analysis (for one analysis version and model) failed, shared by every
 * task that waits on that filing, so that a failure is met once rather than once per waiting task.
 *
 * <p>Permanent: every task of the filing asked before the failure was recorded ends FAILED with this code
 * while the failure is newer than the analysis validity window (a later request makes a fresh attempt). Transient: the tasks wait RETRYING until {@link #nextAttemptAt} and the first
 * one back makes the filing's next attempt; after the retry policy's {@code maxAttempts} failed attempts
 * of the filing (counted per filing, not per task: {@code RetryPolicy.afterFilingAttempt}) the failure is
 * permanent for everyone.
 *
 * @param failedTask    the task whose run made the failed attempt
 * @param attempts      failed attempts at this filing's analysis in a row, 1 for the first
 * @param permanent     retrying cannot help, or the filing's attempts are used up
 * @param failedAt      when the latest attempt failed
 * @param nextAttemptAt when the filing may be tried again; null when permanent
 */
public record FilingFailure(TaskId failedTask, ErrorCode code, String message, boolean permanent, int attempts,
                            Instant failedAt, Instant nextAttemptAt) {

    public FilingFailure {
        Objects.requireNonNull(failedTask, "failedTask");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(failedAt, "failedAt");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        if (permanent != (nextAttemptAt == null)) {
            throw new IllegalArgumentException("a transient failure has a next attempt time, a permanent one none");
        }
    }

    /**
     * Whether the failure still decides for the tasks of the filing at {@code now}: a permanent one while it
     * is newer than {@code validity}, a transient one until its next attempt is due. Otherwise the next task
     * to hold the filing's lock tries the filing again.
     */
    public boolean holdsAt(Instant now, Duration validity) {
        return permanent ? failedAt.isAfter(now.minus(validity)) : nextAttemptAt.isAfter(now);
    }

    /** Whether {@code task} is another task than the one whose run failed: it shares the failure, it did not meet it. */
    public boolean sharedWith(TaskId task) {
        return !failedTask.equals(task);
    }
}
