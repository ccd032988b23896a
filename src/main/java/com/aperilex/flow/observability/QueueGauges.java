package com.aperilex.flow.observability;

import com.aperilex.flow.domain.TaskLane;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code aperilex_queue_depth{lane}} (tasks waiting QUEUED) and {@code aperilex_queue_oldest_age_seconds{lane}}
 * (how long the oldest has waited; 0 when none), read from the tasks' rows at most once per {@code maxAge}
 * however many gauges a scrape reads, so every replica reports the same, whatever the broker.
 */
public final class QueueGauges implements MeterBinder {
    private final Supplier<Map<TaskLane, LaneBacklog>> backlog;
    private final Clock clock;
    private final Duration maxAge;
    private Map<TaskLane, LaneBacklog> last;
    private Instant readAt;

    public QueueGauges(Supplier<Map<TaskLane, LaneBacklog>> backlog, Clock clock, Duration maxAge) {
        this.backlog = backlog;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (TaskLane lane : TaskLane.values()) {
            Gauge.builder("aperilex.queue.depth", this, g -> g.lane(lane).queued())
                    .description("Tasks waiting QUEUED in the lane").tag("lane", lane.wireName()).register(registry);
            Gauge.builder("aperilex.queue.oldest.age", this, g -> g.age(lane))
                    .description("How long the lane's oldest QUEUED task has waited").baseUnit("seconds")
                    .tag("lane", lane.wireName()).register(registry);
        }
    }

    private double age(TaskLane lane) {
        Instant oldest = lane(lane).oldestQueuedAt();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    private synchronized LaneBacklog lane(TaskLane lane) {
        Instant now = clock.instant();
        if (last == null || readAt.plus(maxAge).isBefore(now)) {
            last = backlog.get();
            readAt = now;
        }
        return last.getOrDefault(lane, new LaneBacklog(0, null));
    }
}
