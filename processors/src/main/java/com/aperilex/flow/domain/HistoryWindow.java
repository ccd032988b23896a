package com.aperilex.flow.domain;

import com.aperilex.flow.domain.AccessionNumber;
import java.time.LocalDate;

/**
 * A tier's history window ({@code max-history-years}): filings from {@link #earliest()} on are inside it.
 *
 * @param earliest the first filing date inside the window: today (UTC) less the tier's years
 */
public record HistoryWindow(LocalDate earliest) {

    public static HistoryWindow yearsBack(LocalDate today, int years) {
        return new HistoryWindow(today.minusYears(years));
    }

    public boolean contains(LocalDate filingDate) {
        return !filingDate.isBefore(earliest);
    }

    /**
     * Whether a filing known only by its accession number is certainly older than the window: its number is
     * assigned in the year it names (two digits; 90 and later are the 1990s, EDGAR's first years), and it is
     * filed that year or soon after, so only a year that ended before the window began is refused.
     */
    public boolean certainlyBefore(AccessionNumber accession) {
        return LocalDate.of(year(accession), 12, 31).isBefore(earliest);
    }

    /** The year an accession number names: {@code 0000320193-19-000119} is 2019. */
    public static int year(AccessionNumber accession) {
        int twoDigits = Integer.parseInt(accession.value().substring(11, 13));
        return twoDigits >= 90 ? 1900 + twoDigits : 2000 + twoDigits;
    }
}
