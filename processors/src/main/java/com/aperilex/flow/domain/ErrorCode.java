package com.aperilex.flow.domain;

/**
 * Why a task ended FAILED (or is RETRYING): stable codes the frontend can switch on, each with a fixed public
 * sentence. The sentence is all a caller sees; the stored detail (exception text, URLs, provider bodies) is
 * for operators and stays in the database and the log.
 */
public enum ErrorCode {
    /** The company has no filing of the requested form, or the named accession does not exist or is another form. */
    FILING_NOT_FOUND("No filing of the requested form was found for this company."),
    /** The ticker is not in SEC's company_tickers.json. */
    UNKNOWN_TICKER("The ticker is not known to SEC EDGAR."),
    /** SEC has no submissions for the CIK. */
    UNKNOWN_COMPANY("SEC EDGAR has no filings for this CIK."),
    /**
     * The filing cannot be analysed: a form this pipeline does not segment, a document with no text, one over
     * aperilex.edgar.max-document-size, or a primary document name that is not a plain file name.
     */
    UNSUPPORTED_FILING("The filing cannot be analysed by this service."),
    /** EDGAR kept failing (5xx, 429, timeouts, a fair-access block) through every retry. */
    EDGAR_UNAVAILABLE("SEC EDGAR could not be reached; the request can be retried later."),
    /** The LLM provider kept failing or kept answering outside the analysis schema. */
    LLM_FAILED("The language model did not produce a valid analysis."),
    /**
     * The day's LLM budget (aperilex.llm.daily-budget-usd) is used up: the task waits RETRYING until the next
     * UTC day, when the budget starts again.
     */
    LLM_BUDGET_EXHAUSTED("Today's analysis budget is used up; the task continues when it renews (UTC midnight)."),
    /** The storage backend kept failing. */
    STORAGE_FAILED("Document storage failed; the request can be retried later."),
    /** The task message is of a schema version this build cannot read. */
    UNSUPPORTED_SCHEMA_VERSION("The task was written in a format this service version cannot read."),
    /** The broker refused the task at intake. */
    QUEUE_UNAVAILABLE("The task queue did not accept the task; the request can be retried."),
    /**
     * The resolved filing is older than the history window of the tier the task was admitted at (the latest
     * filing of a company that stopped filing, say); the task's reserved fees are released.
     */
    OUTSIDE_TIER_ACCESS("The filing is older than your tier's history window allows."),
    /**
     * A bulk import's company: the owner's balance did not cover the bulk fee of (all of) its new filings; those
     * not covered were not imported.
     */
    INSUFFICIENT_CREDITS("Your balance did not cover the import fee of these filings."),
    /** Anything else, after retries; the stored detail names the cause for operators. */
    INTERNAL_ERROR("An internal error occurred; it has been logged.");

    private final String publicMessage;

    ErrorCode(String publicMessage) {
        this.publicMessage = publicMessage;
    }

    /** The fixed sentence callers see for this code; never the stored detail. */
    public String publicMessage() {
        return publicMessage;
    }

    /** The code of a stored name, INTERNAL_ERROR for a name this build does not know (a newer or older code). */
    public static ErrorCode fromStoredName(String name) {
        for (ErrorCode code : values()) {
            if (code.name().equals(name)) {
                return code;
            }
        }
        return INTERNAL_ERROR;
    }
}
