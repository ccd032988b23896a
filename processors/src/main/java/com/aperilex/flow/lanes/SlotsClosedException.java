package com.aperilex.flow.lanes;

/** A request for a worker slot refused because the worker is stopping ({@link WorkerSlots#close}). */
public class SlotsClosedException extends IllegalStateException {
    public SlotsClosedException() {
        super("the worker is stopping: no task is started any more");
    }
}
