package com.aperilex.flow.queue;

import com.aperilex.flow.message.TaskMessageCodec;
import com.aperilex.flow.message.TaskMessage;
import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.persistence.TaskRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The steps of the republish-stranded-tasks route. Publishing is idempotent (the broker deduplicates
 * on the dedup key, the consumer takes a task once), so a task republished while its first message
 * is still queued costs nothing but a duplicate that is dropped.
 */
@Component("strandedTaskRecovery")
public class StrandedTaskRecovery {
    private final TaskRepository tasks;
    private final TaskMessageCodec codec;
    private final AperilexProperties.Queue queue;
    private final Clock clock;
    private final int maxAttempts;
    private final AtomicBoolean firstSweep = new AtomicBoolean(true);

    public StrandedTaskRecovery(TaskRepository tasks, TaskMessageCodec codec, AperilexProperties properties,
                                Clock clock) {
        this.tasks = tasks;
        this.codec = codec;
        this.queue = properties.queue();
        this.clock = clock;
        this.maxAttempts = properties.worker().retry().maxAttempts();
    }

    /** Tasks to publish again; the first sweep after start also takes QUEUED tasks if the broker forgets on restart. */
    public List<TaskMessage> strandedTasks() {
        boolean includeQueued = queue.volatileBroker() && firstSweep.getAndSet(false);
        return tasks.stranded(clock.instant().minus(queue.strandedAfter()), includeQueued, queue.republishBatchSize());
    }

    /**
     * Retries that are due, claimed for publishing, after moving PROCESSING tasks whose worker was lost
     * (lease expired) to RETRYING, or to FAILED when they have no attempts left.
     */
    public List<TaskMessage> dueRetries() {
        Instant now = clock.instant();
        for (TaskId lost : tasks.releaseExpiredLeases(now)) {
            if (tasks.attempts(lost) >= maxAttempts) {
                tasks.fail(lost, "INTERNAL_ERROR", "the worker running the task was lost on every attempt", now);
            }
        }
        return tasks.claimDueRetries(now, now.plus(queue.strandedAfter()), queue.republishBatchSize());
    }

    public String prepare(@Body TaskMessage message, Exchange exchange) {
        return TaskPublication.prepare(message, codec, exchange);
    }

    public void markQueued(@Header(QueueHeaders.TASK_ID) String taskId) {
        tasks.markQueued(TaskId.parse(taskId), clock.instant());
    }
}
