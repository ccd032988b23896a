package com.aperilex.flow.queue;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.message.TaskMessage;
import org.apache.camel.ExchangeProperty;
import com.aperilex.flow.persistence.TaskRuns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Keeps the leases of the tasks this worker is running alive, every third of the lease, so a lease can be
 * short (a crashed worker's task is retried soon) while a long model call still holds its task. A task
 * held past {@code aperilex.worker.max-task-duration} is no longer renewed: a worker stuck for good loses
 * it like a dead one.
 */
@Component("leaseKeeper")
public class LeaseKeeper implements DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final TaskRuns tasks;
    private final Clock clock;
    private final Duration lease;
    private final Duration maxTaskDuration;
    private final Map<TaskId, Instant> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "task-lease-keeper");
        t.setDaemon(true);
        return t;
    });

    public LeaseKeeper(TaskRuns tasks, Clock clock, AperilexProperties properties) {
        this.tasks = tasks;
        this.clock = clock;
        this.lease = properties.worker().lease();
        this.maxTaskDuration = properties.worker().maxTaskDuration();
        long period = Math.max(100, lease.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /** From now until {@link #release}, the task's lease is renewed (the consume-tasks route holds it while the pipeline runs). */
    public void hold(@ExchangeProperty("task") TaskMessage task) {
        held.put(task.taskId(), clock.instant());
    }

    public void release(@ExchangeProperty("task") TaskMessage task) {
        held.remove(task.taskId());
    }

    private void renew() {
        try {
            Instant now = clock.instant();
            List<TaskId> renewable = held.entrySet().stream()
                    .filter(e -> e.getValue().plus(maxTaskDuration).isAfter(now)).map(Map.Entry::getKey).toList();
            if (renewable.size() < held.size()) {
                LOG.warn("{} task(s) held longer than {}: their leases are left to expire", held.size() - renewable.size(),
                        maxTaskDuration);
            }
            tasks.renewLeases(renewable, now.plus(lease));
        } catch (RuntimeException e) {
            LOG.warn("Could not renew task leases: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        renewer.shutdownNow();
    }
}
