package com.aperilex.flow.imports;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.ImportId;
import com.aperilex.flow.domain.TaskFailure;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.edgar.CompanyDirectory;
import com.aperilex.flow.edgar.CompanyFilings;
import com.aperilex.flow.edgar.EdgarFormatException;
import com.aperilex.flow.edgar.EdgarSource;
import com.aperilex.flow.llm.LlmAnalysts;
import com.aperilex.flow.message.TaskMessage;
import com.aperilex.flow.observability.ServiceMetrics;
import com.aperilex.flow.observability.TraceParents;
import com.aperilex.flow.persistence.ImportRecords;
import com.aperilex.flow.persistence.ImportResolutions;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of the resolve-imports routes: lease a company, read its submissions (through direct:edgar-get, so every
 * request waits in the shared SEC budget) into a {@link CompanyFilings}, and record the result. The submissions are
 * read once for all the import's forms and dates; older pages only when the range reaches them.
 */
@Component("importResolver")
public class ImportResolver {
    private static final Logger LOG = LoggerFactory.getLogger(ImportResolver.class);

    private final ImportResolutions resolutions;
    private final ImportRecords records;
    private final EdgarSource edgar;
    private final LlmAnalysts analysts;
    private final AperilexProperties properties;
    private final ServiceMetrics metrics;
    private final Clock clock;
    private final TraceParents traceParents;

    public ImportResolver(ImportResolutions resolutions, ImportRecords records, EdgarSource edgar, LlmAnalysts analysts,
                          AperilexProperties properties, ServiceMetrics metrics, Clock clock,
                          TraceParents traceParents) {
        this.traceParents = traceParents;
        this.resolutions = resolutions;
        this.records = records;
        this.edgar = edgar;
        this.analysts = analysts;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The next company to resolve, leased to this replica; null when there is none (or every import is full). */
    public ImportResolutions.Lease lease() {
        AperilexProperties.Imports imports = properties.imports();
        return resolutions.lease(clock.instant(), imports.lease(), imports.maxOpenTasks()).orElse(null);
    }

    /** True when the company is named by ticker and this replica's cached ticker directory must be (re)loaded. */
    public boolean needsDirectory(@ExchangeProperty("importLease") ImportResolutions.Lease lease) {
        return lease.cik() == null && edgar.directoryStale();
    }

    /** The company's filings to find, its CIK looked up when it is named by ticker. */
    public CompanyFilings start(@ExchangeProperty("importLease") ImportResolutions.Lease lease) {
        Cik cik = lease.cik();
        Ticker ticker = lease.ticker();
        if (cik == null) {
            CompanyDirectory.Company company = edgar.company(ticker);
            cik = company.cik();
            ticker = company.ticker();
        }
        return new CompanyFilings(EdgarSource.SOURCE, edgar.archivesBaseUrl(), cik, ticker, lease.forms(), lease.from(),
                lease.to());
    }

    public String submissionsUrl(@ExchangeProperty("companyFilings") CompanyFilings filings) {
        return edgar.submissionsUrl(filings.cik());
    }

    public CompanyFilings readSubmissions(@ExchangeProperty("companyFilings") CompanyFilings filings, @Body byte[] json) {
        try {
            filings.readSubmissions(json);
            return filings;
        } catch (EdgarFormatException e) {
            throw TaskFailure.retryable(ErrorCode.EDGAR_UNAVAILABLE, e.getMessage(), e);
        }
    }

    /** The next older page the range reaches, or null when the company's filings are complete. */
    public String nextPageUrl(@ExchangeProperty("companyFilings") CompanyFilings filings) {
        return filings.nextPage().map(edgar::pageUrl).orElse(null);
    }

    public CompanyFilings readPage(@ExchangeProperty("companyFilings") CompanyFilings filings, @Body byte[] json) {
        try {
            filings.readPage(json);
            return filings;
        } catch (EdgarFormatException e) {
            throw TaskFailure.retryable(ErrorCode.EDGAR_UNAVAILABLE, e.getMessage(), e);
        }
    }

    /**
     * Records the company's filings (rows, skips, tasks with their fees reserved) and returns the new tasks' first
     * runs for direct:publish-task.
     */
    public List<TaskMessage> record(@ExchangeProperty("importLease") ImportResolutions.Lease lease,
                                    @ExchangeProperty("companyFilings") CompanyFilings filings,
                                    @ExchangeProperty("importDirectoryAsked") Boolean directoryAsked) {
        int requests = (Boolean.TRUE.equals(directoryAsked) ? 1 : 0) + 1 + filings.pagesRead();
        ImportResolutions.Resolved resolved = resolutions.record(lease, filings.filings(), requests,
                properties.analysis().version(), analysts.model(lease.modelTier()), traceParents.current(), clock.instant(),
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        if (resolved != ImportResolutions.Resolved.NOTHING) {
            metrics.importCompany(resolved.unpaid() == 0, resolved.filings(), resolved.skipped(), resolved.overLimit(),
                    resolved.unpaid());
        }
        LOG.info("Import {} company {}: {} filings found, {} tasks made, {} already in the pool, {} over the limit, "
                        + "{} unpaid ({} SEC requests)", lease.importId(), lease.company(), filings.filings().size(),
                resolved.filings(), resolved.skipped(), resolved.overLimit(), resolved.unpaid(), requests);
        return resolved.tasks();
    }

    /** The company's resolution failed: FAILED with the code, or (transient, attempts left) tried again later. */
    public void failed(@ExchangeProperty("importLease") ImportResolutions.Lease lease,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause,
                       @ExchangeProperty("companyFilings") CompanyFilings filings,
                       @ExchangeProperty("importDirectoryAsked") Boolean directoryAsked) {
        int requests = (Boolean.TRUE.equals(directoryAsked) ? 1 : 0) + (filings == null ? 0 : 1 + filings.pagesRead());
        ErrorCode code = cause instanceof TaskFailure f ? f.code() : ErrorCode.INTERNAL_ERROR;
        boolean transientFailure = !(cause instanceof TaskFailure f) || f.isTransient();
        AperilexProperties.Imports imports = properties.imports();
        boolean ended = resolutions.fail(lease, code, cause.getMessage(), transientFailure, imports.maxAttempts(),
                imports.retryDelay(), requests, clock.instant());
        if (ended) {
            metrics.importCompany(false, 0, 0, 0, 0);
        }
        if (cause instanceof TaskFailure) {
            LOG.warn("Import {} company {}: {} ({}){}", lease.importId(), lease.company(), code, cause.getMessage(),
                    ended ? "" : "; tried again in " + imports.retryDelay());
        } else {
            LOG.error("Import {} company {} failed unexpectedly{}", lease.importId(), lease.company(),
                    ended ? "" : "; tried again in " + imports.retryDelay(), cause);
        }
    }

    /** Marks COMPLETED the imports whose work has all ended; returns how many. */
    public int completeFinished() {
        List<ImportId> completed = records.completeFinished(clock.instant());
        completed.forEach(id -> LOG.info("Import {} completed", id));
        return completed.size();
    }
}
