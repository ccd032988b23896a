package com.aperilex.flow.llm;

import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.domain.TaskId;

/**
 * What a model call is made for, recorded with it.
 *
 * @param task   the task whose run asks for the analysis; null outside a task
 * @param filing the filing analysed; null outside a task
 */
public record LlmCallContext(TaskId task, FilingId filing) {
    public static final LlmCallContext NONE = new LlmCallContext(null, null);
}
