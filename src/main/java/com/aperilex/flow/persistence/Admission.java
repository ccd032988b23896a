package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.TaskStatus;

/**
 * What intake made of a request: a new task to publish, or the open task the same request already has.
 *
 * @param created  true when this request created the task and must publish it
 * @param priority the priority the task was written with (its owner's tier's, read under the owner's row lock):
 *                 its queue lane
 */
public record Admission(TaskId taskId, boolean created, TaskStatus status, int priority) {
}
