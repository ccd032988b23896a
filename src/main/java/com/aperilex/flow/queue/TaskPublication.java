package com.aperilex.flow.queue;

import org.apache.camel.Exchange;

/** Readies an exchange to carry a task message to {@code aperilex.queue.tasks-uri}, for every publisher alike. */
public final class TaskPublication {
    private TaskPublication() {
    }

    /**
     * Clears inbound headers (they would become broker message attributes), sets the FIFO dedup and
     * group properties to the task's dedup key, and returns the encoded message for the body. One group
     * per person and filing request keeps FIFO order where it matters and runs everything else in
     * parallel; tasks of one filing meet in the global pool.
     */
    public static String prepare(TaskMessage message, TaskMessageCodec codec, Exchange exchange) {
        exchange.setProperty(QueueHeaders.DEDUPLICATION_ID_PROPERTY, message.dedupKey());
        exchange.setProperty(QueueHeaders.MESSAGE_GROUP_ID_PROPERTY, message.dedupKey());
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(QueueHeaders.TASK_ID, message.taskId().toString());
        exchange.getIn().setHeader(QueueHeaders.SCHEMA_VERSION, message.schemaVersion());
        return codec.encode(message);
    }
}
