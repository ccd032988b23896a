package com.aperilex.flow.domain;

/** How a request names the company: by ticker or by CIK, never both. */
public sealed interface CompanyIdentifier permits Ticker, Cik {

    /** A stable, type-tagged token used in deduplication keys ("ticker:AAPL", "cik:0000320193"). */
    String token();
}
