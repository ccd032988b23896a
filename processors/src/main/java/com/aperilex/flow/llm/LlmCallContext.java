package com.aperilex.flow.llm;

import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.domain.ModelTier;
import com.aperilex.flow.domain.TaskId;

/**
 * What a model call is made for, recorded with it.
 *
 * @param task   the task whose run asks for the analysis; null outside a task
 * @param filing the filing analysed; null outside a task
 * @param tier   the model tier the call is made in ({@link ModelTier#wireName()}); null outside a task
 */
public record LlmCallContext(TaskId task, FilingId filing, String tier) {
    public static final LlmCallContext NONE = new LlmCallContext(null, null, null);

    /** A call of no particular tier. */
    public LlmCallContext(TaskId task, FilingId filing) {
        this(task, filing, null);
    }
}
