package com.aperilex.flow.domain;

/** Lifecycle of a task. Open tasks still take duplicates of their request. */
public enum TaskStatus {
    PENDING,
    QUEUED,
    PROCESSING,
    RETRYING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public boolean isOpen() {
        return this == PENDING || this == QUEUED || this == PROCESSING || this == RETRYING;
    }
}
