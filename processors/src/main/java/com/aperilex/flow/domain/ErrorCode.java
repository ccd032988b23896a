package com.aperilex.flow.domain;

/** Why a task ended FAILED: stable codes the frontend can switch on, with a human message beside them. */
public enum ErrorCode {
    /** The company has no filing of the requested form, or the named accession does not exist or is another form. */
    FILING_NOT_FOUND,
    /** The ticker is not in SEC's company_tickers.json. */
    UNKNOWN_TICKER,
    /** SEC has no submissions for the CIK. */
    UNKNOWN_COMPANY,
    /**
     * The filing cannot be analysed: a form this pipeline does not segment, a document with no text, one over
     * aperilex.edgar.max-document-size, or a primary document name that is not a plain file name.
     */
    UNSUPPORTED_FILING,
    /** EDGAR kept failing (5xx, 429, timeouts, a fair-access block) through every retry. */
    EDGAR_UNAVAILABLE,
    /** The LLM provider kept failing or kept answering outside the analysis schema. */
    LLM_FAILED,
    /**
     * The day's LLM budget (aperilex.llm.daily-budget-usd) is used up: the task waits RETRYING until the next
     * UTC day, when the budget starts again.
     */
    LLM_BUDGET_EXHAUSTED,
    /** The storage backend kept failing. */
    STORAGE_FAILED,
    /** The task message is of a schema version this build cannot read. */
    UNSUPPORTED_SCHEMA_VERSION,
    /** The broker refused the task at intake. */
    QUEUE_UNAVAILABLE,
    /** Anything else, after retries; the message names the cause. */
    INTERNAL_ERROR
}
