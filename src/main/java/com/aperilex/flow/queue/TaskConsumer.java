package com.aperilex.flow.queue;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.message.TaskMessage;
import com.aperilex.flow.message.TaskMessageCodec;
import com.aperilex.flow.message.UnsupportedTaskSchemaException;
import com.aperilex.flow.persistence.TaskRuns;
import com.aperilex.flow.persistence.TaskTransitions;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/** The steps of the consume-tasks route: read the message, take the task, or fail it with a reason. */
@Component("taskConsumer")
public class TaskConsumer {
    private final TaskMessageCodec codec;
    private final TaskRuns runs;
    private final TaskTransitions transitions;
    private final Clock clock;
    private final Duration lease;

    public TaskConsumer(TaskMessageCodec codec, TaskRuns runs, TaskTransitions transitions, Clock clock,
                        AperilexProperties properties) {
        this.codec = codec;
        this.runs = runs;
        this.transitions = transitions;
        this.clock = clock;
        this.lease = properties.worker().lease();
    }

    public TaskMessage decode(@Body String body) {
        return codec.decode(body);
    }

    /** True when this consumer took the task's run; false for a redelivery of a run already taken or finished. */
    public boolean take(@ExchangeProperty("task") TaskMessage task) {
        return runs.markProcessing(task.taskId(), task.attempt(), clock.instant(), lease);
    }

    public void failUnsupportedSchema(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) UnsupportedTaskSchemaException e) {
        transitions.fail(e.taskId(), ErrorCode.UNSUPPORTED_SCHEMA_VERSION, e.getMessage(), clock.instant());
    }
}
