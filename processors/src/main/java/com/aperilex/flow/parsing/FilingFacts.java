package com.aperilex.flow.parsing;

import java.time.LocalDate;
import java.util.List;

/**
 * Exact figures read from a filing's inline XBRL, for the document's fiscal period and the same period a year
 * before. Any component may be null when the filing does not carry it (a legacy HTML filing carries none).
 * A 10-Q's {@code current} and {@code prior} are its quarter and the prior year's quarter (balance sheet at the
 * period end); its year to date, the prior year's, and the balance sheet at the prior fiscal year end are
 * {@code periods}.
 *
 * @param currency ISO 4217 code of the monetary figures as reported, e.g. "USD", "EUR" (never converted)
 * @param periods  the form's further periods, in order; empty for annual reports
 */
public record FilingFacts(
        String registrantName,
        Integer fiscalYear,
        LocalDate periodEnd,
        String currency,
        FinancialFigures current,
        FinancialFigures prior,
        List<FiscalPeriod> periods) {

    /** Labels of a 10-Q's further periods. */
    public static final String YEAR_TO_DATE = "year-to-date";
    public static final String PRIOR_YEAR_TO_DATE = "prior-year-to-date";
    public static final String PRIOR_FISCAL_YEAR_END = "prior-fiscal-year-end";

    public FilingFacts {
        periods = periods == null ? List.of() : List.copyOf(periods);
    }

    /** An annual report's facts: no further periods. */
    public FilingFacts(String registrantName, Integer fiscalYear, LocalDate periodEnd, String currency,
                       FinancialFigures current, FinancialFigures prior) {
        this(registrantName, fiscalYear, periodEnd, currency, current, prior, List.of());
    }

    public static FilingFacts none() {
        return new FilingFacts(null, null, null, null, null, null, List.of());
    }

    public boolean hasXbrl() {
        return periodEnd != null;
    }

    /**
     * One further period: a duration ({@code start} to {@code end}, its flows in {@code values}, balances null)
     * or an instant ({@code start} null, its balances in {@code values}, flows null).
     */
    public record FiscalPeriod(String label, LocalDate start, LocalDate end, FinancialFigures values) {
    }
}
