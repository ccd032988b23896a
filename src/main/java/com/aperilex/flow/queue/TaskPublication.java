package com.aperilex.flow.queue;

import com.aperilex.flow.message.TaskMessageCodec;
import com.aperilex.flow.message.TaskMessage;
import org.apache.camel.Exchange;

/** Readies an exchange to carry a task message to {@code aperilex.queue.tasks-uri}, for every publisher alike. */
public final class TaskPublication {
    private TaskPublication() {
    }

    /**
     * Clears inbound headers (they would become broker message attributes), sets the FIFO dedup id to the
     * task's run key (a republish of the same run is dropped, a retry or a new task for the same request is
     * not) and the group to the request's dedup key, and returns the encoded message for the body. One group
     * per person and filing request keeps FIFO order where it matters and runs everything else in
     * parallel; tasks of one filing meet in the global pool.
     */
    public static String prepare(TaskMessage message, TaskMessageCodec codec, Exchange exchange) {
        exchange.setProperty(QueueHeaders.DEDUPLICATION_ID_PROPERTY, message.runKey());
        exchange.setProperty(QueueHeaders.MESSAGE_GROUP_ID_PROPERTY, message.dedupKey());
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(QueueHeaders.TASK_ID, message.taskId().toString());
        exchange.getIn().setHeader(QueueHeaders.SCHEMA_VERSION, message.schemaVersion());
        return codec.encode(message);
    }
}
