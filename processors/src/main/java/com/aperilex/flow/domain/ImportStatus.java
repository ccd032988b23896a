package com.aperilex.flow.domain;

/** Where a bulk import stands ({@code imports.status}). */
public enum ImportStatus {
    /** Companies are still being resolved into filings; tasks may already run. */
    RESOLVING,
    /** Every company is resolved; tasks are still open. */
    RUNNING,
    /** Every company resolved and every task ended. */
    COMPLETED,
    /** Cancelled by its owner: what had not started ended CANCELLED. */
    CANCELLED;

    public boolean finished() {
        return this == COMPLETED || this == CANCELLED;
    }
}
