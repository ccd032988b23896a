package com.aperilex.flow.queue;

import com.aperilex.flow.message.UnsupportedTaskSchemaException;
import com.aperilex.flow.message.TaskMessageCodec;
import com.aperilex.flow.message.TaskMessage;
import com.aperilex.flow.persistence.TaskRepository;
import com.aperilex.flow.config.AperilexProperties;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import com.aperilex.flow.queue.LeaseKeeper;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

/** The steps of the consume-tasks route: read the message, take the task, or fail it with a reason. */
@Component("taskConsumer")
public class TaskConsumer {
    private final TaskMessageCodec codec;
    private final TaskRepository tasks;
    private final Clock clock;
    private final Duration lease;
    private final LeaseKeeper leases;

    public TaskConsumer(TaskMessageCodec codec, TaskRepository tasks, Clock clock, AperilexProperties properties,
                        LeaseKeeper leases) {
        this.codec = codec;
        this.tasks = tasks;
        this.clock = clock;
        this.lease = properties.worker().lease();
        this.leases = leases;
    }

    public TaskMessage decode(@Body String body) {
        return codec.decode(body);
    }

    /**
     * True when this consumer took the task; false for a redelivery of a task already taken or finished.
     * A taken task's lease is kept alive until the exchange is done (LeaseKeeper).
     */
    public boolean take(@ExchangeProperty("task") TaskMessage task, Exchange exchange) {
        boolean taken = tasks.markProcessing(task.taskId(), task.attempt(), clock.instant(), lease);
        if (taken) {
            leases.hold(task.taskId());
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    leases.release(task.taskId());
                }
            });
        }
        return taken;
    }

    public void failUnsupportedSchema(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) UnsupportedTaskSchemaException e) {
        tasks.fail(e.taskId(), "UNSUPPORTED_SCHEMA_VERSION", e.getMessage(), clock.instant());
    }
}
