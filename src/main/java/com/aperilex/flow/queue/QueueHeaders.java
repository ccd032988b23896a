package com.aperilex.flow.queue;

/** Names of the headers and exchange properties that travel with task messages. */
public final class QueueHeaders {
    /** Exchange property read by the FIFO producers as MessageDeduplicationId. */
    public static final String DEDUPLICATION_ID_PROPERTY = "AperilexDeduplicationId";
    /** Exchange property read by Camel's {@code usePropertyValue} group strategy as MessageGroupId. */
    public static final String MESSAGE_GROUP_ID_PROPERTY = "CamelAwsMessageGroupId";
    public static final String TASK_ID = "AperilexTaskId";
    public static final String SCHEMA_VERSION = "AperilexSchemaVersion";
    public static final String DEAD_LETTER_REASON = "AperilexDeadLetterReason";

    private QueueHeaders() {
    }
}
