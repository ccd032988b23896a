package com.aperilex.flow.domain;

import java.util.Locale;

/**
 * The task queue's priority lanes, highest first: one queue each, because neither SQS FIFO nor RabbitMQ
 * quorum queues order messages by priority. A task is queued in the lane of its priority (0 highest .. 9);
 * with the default tier priorities (ENTERPRISE 0, PROFESSIONAL 2, BASIC 4, DEMO 6, bulk imports 9) every
 * tier has a lane of its own, so no task waits behind a lower tier's backlog. Each lane's endpoint is
 * {@code aperilex.queue.lanes.<name>.uri}; a worker takes from the lanes highest first with a fair share
 * for the lower ones (see com.aperilex.flow.lanes.WorkerSlots).
 */
public enum TaskLane {
    /** Priorities 0 and 1 (ENTERPRISE by default). */
    HIGHEST(0, 1),
    /** Priorities 2 and 3 (PROFESSIONAL by default). */
    HIGH(2, 3),
    /** Priorities 4 and 5 (BASIC by default; messages from before priorities, schema versions 1 to 3). */
    STANDARD(4, 5),
    /** Priorities 6 to 8 (DEMO by default). */
    LOW(6, 8),
    /** Priority 9: bulk work, below every interactive request. */
    BULK(9, 9);

    /** The priority of a task from before priorities (a task message of schema version 1 to 3). */
    public static final int DEFAULT_PRIORITY = 4;

    private final int highestPriority;
    private final int lowestPriority;

    TaskLane(int highestPriority, int lowestPriority) {
        this.highestPriority = highestPriority;
        this.lowestPriority = lowestPriority;
    }

    /** The lane of a priority, 0 (highest) to 9. */
    public static TaskLane of(int priority) {
        for (TaskLane lane : values()) {
            if (priority >= lane.highestPriority && priority <= lane.lowestPriority) {
                return lane;
            }
        }
        throw new IllegalArgumentException("priority must be 0..9, was " + priority);
    }

    /** The lane named {@code name} as in configuration ({@code highest}, {@code high}, ...). */
    public static TaskLane named(String name) {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }

    /** The lane's name in configuration, endpoint property keys and queue names: {@code highest}, {@code high}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** 0 for the highest lane, 1 for the next, ...: the rank com.aperilex.flow.lanes.WorkerSlots orders lanes by. */
    public int rank() {
        return ordinal();
    }

    public int highestPriority() {
        return highestPriority;
    }

    public int lowestPriority() {
        return lowestPriority;
    }
}
