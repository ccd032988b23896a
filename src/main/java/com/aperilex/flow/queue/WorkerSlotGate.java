package com.aperilex.flow.queue;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.lanes.TaskLane;
import com.aperilex.flow.lanes.WorkerSlots;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * The consume-tasks lane routes' shared gate: a lane's consumer waits here for one of the worker's
 * {@code aperilex.queue.consumers} slots before it takes its task, and gives the slot back when the task is
 * done. A freed slot goes to the highest lane with a task waiting, with a fair share for lower lanes
 * ({@code aperilex.queue.max-lane-passes}, see {@link WorkerSlots}).
 */
@Component("workerSlots")
public class WorkerSlotGate {
    private final WorkerSlots slots;

    public WorkerSlotGate(AperilexProperties properties) {
        this.slots = new WorkerSlots(properties.queue().consumers(), TaskLane.values().length,
                properties.queue().maxLanePasses());
    }

    /** Blocks until this worker has a slot for a task of the lane (property lane: its name, e.g. {@code high}). */
    public void acquire(@ExchangeProperty("lane") String lane) throws InterruptedException {
        slots.acquire(TaskLane.named(lane).rank());
    }

    /** Gives the slot taken by {@link #acquire} back. */
    public void release() {
        slots.release();
    }

    /** Tasks of the lane waiting for a slot. */
    public int waiting(TaskLane lane) {
        return slots.waiting(lane.rank());
    }
}
