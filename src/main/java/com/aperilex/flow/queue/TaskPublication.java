package com.aperilex.flow.queue;

import com.aperilex.flow.message.TaskMessage;
import com.aperilex.flow.message.TaskMessageCodec;
import com.aperilex.flow.persistence.TaskTransitions;
import java.time.Clock;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * The steps of the publish-task route, the one place a task message goes to {@code aperilex.queue.tasks-uri}
 * (intake, stranded tasks and due retries all publish through it).
 */
@Component("taskPublication")
public class TaskPublication {
    private final TaskMessageCodec codec;
    private final TaskTransitions transitions;
    private final Clock clock;

    public TaskPublication(TaskMessageCodec codec, TaskTransitions transitions, Clock clock) {
        this.codec = codec;
        this.transitions = transitions;
        this.clock = clock;
    }

    /** The message as the broker carries it (JSON with its schemaVersion). */
    public String encode(@Body TaskMessage message) {
        return codec.encode(message);
    }

    /** PENDING to QUEUED now that the broker has the message; a task already further on is left alone. */
    public boolean markQueued(@ExchangeProperty("publishedTask") TaskMessage message) {
        return transitions.markQueued(message.taskId(), clock.instant());
    }
}
