package com.aperilex.flow.pipeline;

import com.aperilex.flow.edgar.FilingDescriptor;
import com.aperilex.flow.message.TaskMessage;
import com.aperilex.flow.persistence.FilingRepository;
import java.util.Optional;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * A data source's shortcut for a task that names its filing by accession number: when the source resolved that
 * accession before (its filings row names the primary document), the filing is that row and the source is not asked
 * again; for EDGAR that saves the submissions read (one request to SEC, more for old filings) of every repeat. The
 * row must be of the form and the company the task names, or the source is asked as usual (and answers what it
 * answers, e.g. FILING_NOT_FOUND for an accession of another company).
 */
@Component("knownFilings")
public class KnownFilings {
    private final FilingRepository filings;

    public KnownFilings(FilingRepository filings) {
        this.filings = filings;
    }

    /** The filing as {@code source} resolved it before, or null when the source must be asked. */
    public FilingDescriptor known(@ExchangeProperty("task") TaskMessage task, String source) {
        if (task.accessionNumber() == null) {
            return null;
        }
        Optional<FilingDescriptor> row = filings.known(source, task.accessionNumber());
        return row.filter(f -> f.formType() == task.formType())
                .filter(f -> task.cik() != null ? task.cik().equals(f.cik())
                        : task.ticker() != null && task.ticker().equals(f.ticker()))
                .orElse(null);
    }
}
