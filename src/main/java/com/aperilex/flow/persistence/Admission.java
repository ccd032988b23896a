package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.TaskStatus;

/**
 * What intake made of a request: a new task to publish, or the open task the same request already has.
 *
 * @param created true when this request created the task and must publish it
 */
public record Admission(TaskId taskId, boolean created, TaskStatus status) {
}
