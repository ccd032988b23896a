package com.aperilex.flow.domain;

/**
 * The caller already has as many open tasks as their tier allows: answered 429 {@code too-many-open-tasks},
 * with the cap and the open count; nothing was recorded.
 */
public class TooManyOpenTasksException extends RuntimeException {
    private final int cap;
    private final int openTasks;

    public TooManyOpenTasksException(int cap, int openTasks) {
        super("Your tier allows " + cap + " open analysis task" + (cap == 1 ? "" : "s")
                + " at once; wait for one to finish.");
        this.cap = cap;
        this.openTasks = openTasks;
    }

    public int cap() {
        return cap;
    }

    public int openTasks() {
        return openTasks;
    }
}
