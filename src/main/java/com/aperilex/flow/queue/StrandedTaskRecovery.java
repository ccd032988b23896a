package com.aperilex.flow.queue;

import com.aperilex.flow.domain.TaskId;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.persistence.TaskSweeps;
import com.aperilex.flow.persistence.TaskTransitions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * The steps of the republish-stranded-tasks and republish-due-retries routes: which task messages to
 * publish again. Publishing is idempotent (the FIFO broker drops a repeated run key, the consumer takes
 * a run once), so a task republished while its first message is still queued costs nothing but a
 * duplicate that is dropped.
 */
@Component("strandedTaskRecovery")
public class StrandedTaskRecovery {
    private final TaskSweeps sweeps;
    private final TaskTransitions transitions;
    private final AperilexProperties.Queue queue;
    private final Clock clock;
    private final int maxAttempts;
    private final AtomicBoolean firstSweep = new AtomicBoolean(true);

    public StrandedTaskRecovery(TaskSweeps sweeps, TaskTransitions transitions, AperilexProperties properties,
                                Clock clock) {
        this.sweeps = sweeps;
        this.transitions = transitions;
        this.queue = properties.queue();
        this.clock = clock;
        this.maxAttempts = properties.worker().retry().maxAttempts();
    }

    /** Tasks to publish again; the first sweep after start also takes QUEUED tasks if the broker forgets on restart. */
    public List<TaskSweeps.Republish> strandedTasks() {
        boolean includeQueued = queue.volatileBroker() && firstSweep.getAndSet(false);
        return sweeps.stranded(clock.instant().minus(queue.strandedAfter()), includeQueued, queue.republishBatchSize());
    }

    /**
     * Retries that are due, claimed for publishing, after moving PROCESSING tasks whose worker was lost
     * (lease expired) to RETRYING, or to FAILED when they have no attempts left.
     */
    public List<TaskSweeps.Republish> dueRetries() {
        Instant now = clock.instant();
        for (TaskSweeps.LostTask lost : sweeps.releaseExpiredLeases(now)) {
            if (lost.attempts() >= maxAttempts) {
                transitions.fail(lost.taskId(), ErrorCode.INTERNAL_ERROR,
                        "the worker running the task was lost on every attempt", now);
            }
        }
        return sweeps.claimDueRetries(now, now.plus(queue.strandedAfter()), queue.republishBatchSize());
    }

    /**
     * The expire-queued-tasks route's step: fails the tasks that have waited QUEUED longer than
     * aperilex.queue.queued-expiry (their message is gone: dead-lettered by the broker, or lost), which releases
     * their reservations; returns how many.
     */
    public int expireQueued() {
        Instant now = clock.instant();
        int failed = 0;
        for (TaskId task : sweeps.queuedSince(now.minus(queue.queuedExpiry()), queue.republishBatchSize())) {
            if (transitions.fail(task, ErrorCode.QUEUE_UNAVAILABLE, "no worker took the task within "
                    + queue.queuedExpiry() + ": its message was dead-lettered or lost", now)) {
                failed++;
            }
        }
        return failed;
    }
}
