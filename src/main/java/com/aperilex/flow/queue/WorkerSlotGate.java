package com.aperilex.flow.queue;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.TaskLane;
import com.aperilex.flow.lanes.WorkerSlots;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * The consume-tasks lane routes' shared gate: a lane's consumer waits here for one of the worker's
 * {@code aperilex.queue.consumers} slots before it takes its task, and gives the slot back when the task is
 * done. A freed slot goes to the highest lane with a task waiting, with a fair share for lower lanes
 * ({@code aperilex.queue.max-lane-passes}, see {@link WorkerSlots}). When Camel starts to stop, the gate
 * closes: the tasks running finish, the ones waiting fail their exchange, so their broker message is not
 * settled and goes back to the queue (SQS after its visibility timeout, RabbitMQ at once), and a graceful
 * shutdown does not run every waiting task first.
 */
@Component("workerSlots")
public class WorkerSlotGate extends EventNotifierSupport implements CamelContextConfiguration {
    private final WorkerSlots slots;

    public WorkerSlotGate(AperilexProperties properties) {
        this.slots = new WorkerSlots(properties.queue().consumers(), TaskLane.values().length,
                properties.queue().maxLanePasses());
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    /** Listens for Camel's stop: registered before Camel starts (Camel does not pick event notifier beans up itself). */
    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        camelContext.getManagementStrategy().addEventNotifier(this);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    /** Camel is stopping: no waiting task starts any more. */
    @Override
    public void notify(CamelEvent event) {
        slots.close();
    }

    /**
     * Blocks until this worker has a slot for a task of the lane (property lane: its name, e.g. {@code high}).
     *
     * @throws com.aperilex.flow.lanes.SlotsClosedException when Camel is stopping
     */
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
