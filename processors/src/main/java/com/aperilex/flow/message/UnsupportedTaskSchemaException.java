package com.aperilex.flow.message;

import com.aperilex.flow.domain.TaskId;

/** A task message whose schemaVersion this build does not know; its task fails with a clear reason. */
public final class UnsupportedTaskSchemaException extends RuntimeException {
    private final transient TaskId taskId;
    private final int schemaVersion;

    public UnsupportedTaskSchemaException(TaskId taskId, int schemaVersion) {
        super("task message schemaVersion " + schemaVersion + " is not supported by this worker");
        this.taskId = taskId;
        this.schemaVersion = schemaVersion;
    }

    public TaskId taskId() {
        return taskId;
    }

    public int schemaVersion() {
        return schemaVersion;
    }
}
