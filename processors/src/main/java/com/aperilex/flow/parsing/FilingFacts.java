package com.aperilex.flow.parsing;

import java.time.LocalDate;

/**
 * Exact figures read from a filing's inline XBRL, for the document's fiscal period and the one before.
 * Any component may be null when the filing does not carry it (a legacy HTML filing carries none).
 *
 * @param currency ISO 4217 code of the monetary figures, e.g. "USD"
 */
public record FilingFacts(
        String registrantName,
        Integer fiscalYear,
        LocalDate periodEnd,
        String currency,
        FinancialFigures current,
        FinancialFigures prior) {

    public static FilingFacts none() {
        return new FilingFacts(null, null, null, null, null, null);
    }

    public boolean hasXbrl() {
        return periodEnd != null;
    }
}
