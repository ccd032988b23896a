package com.aperilex.flow.edgar;

import com.aperilex.flow.observability.ServiceMetrics;
import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.edgar.CompanyDirectory.Company;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.TaskFailure;
import com.aperilex.flow.domain.TaskLane;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.message.TaskMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The steps of the EDGAR source routes (routes/sources/edgar/): EDGAR's URLs, the cached ticker directory, the filing search
 * and what each HTTP status means for the task.
 */
@Component("edgarSource")
public class EdgarSource {
    public static final String SOURCE = "edgar";

    private final AperilexProperties.Edgar edgar;
    private final EdgarRateBudget budget;
    private final Clock clock;
    private volatile CompanyDirectory directory;
    private volatile Instant directoryLoadedAt = Instant.EPOCH;

    private final ServiceMetrics metrics;

    public EdgarSource(AperilexProperties properties, EdgarRateBudget budget, Clock clock, ServiceMetrics metrics) {
        this.metrics = metrics;
        this.edgar = properties.edgar();
        this.budget = budget;
        this.clock = clock;
    }

    /** True when the task names a ticker and the cached directory is missing or older than its TTL. */
    public boolean needsDirectory(@ExchangeProperty("task") TaskMessage task) {
        return task.ticker() != null && directoryStale();
    }

    /** True when the cached ticker directory is missing or older than aperilex.edgar.ticker-cache-ttl. */
    public boolean directoryStale() {
        return directory == null || directoryLoadedAt.plus(edgar.tickerCacheTtl()).isBefore(clock.instant());
    }

    /**
     * The company's CIK and SEC's ticker, from the cached directory (load it first when {@link #directoryStale}).
     *
     * @throws TaskFailure UNKNOWN_TICKER (permanent) when SEC lists no such ticker
     */
    public Company company(Ticker ticker) {
        return directory.find(ticker).orElseThrow(() -> TaskFailure.permanent(
                ErrorCode.UNKNOWN_TICKER, "SEC lists no company with ticker " + ticker));
    }

    /** Where a company's submissions are: data.sec.gov/submissions/CIK##########.json. */
    public String submissionsUrl(Cik cik) {
        return base(edgar.dataUrl().toString()) + "/submissions/CIK" + cik.padded() + ".json";
    }

    /** Where an older submissions page ({@code filings.files[].name}) is. */
    public String pageUrl(String page) {
        return base(edgar.dataUrl().toString()) + "/submissions/" + page;
    }

    /** EDGAR's archives host, which a filing's document URL starts with. */
    public String archivesBaseUrl() {
        return edgar.wwwUrl().toString();
    }

    /**
     * The budget class of an EDGAR request: {@code bulk} for a bulk-lane task's and for an import's resolution
     * (property importLease), {@code interactive} otherwise ({@link EdgarHttpClient#BUDGET_CLASS_HEADER}).
     */
    public String budgetClass(@ExchangeProperty("task") TaskMessage task, @ExchangeProperty("importLease") Object importLease) {
        boolean bulk = importLease != null || (task != null && task.lane() == TaskLane.BULK);
        return bulk ? EdgarHttpClient.BULK : "interactive";
    }

    public String directoryUrl() {
        return base(edgar.wwwUrl().toString()) + "/files/company_tickers.json";
    }

    public void loadDirectory(@Body byte[] json) {
        try {
            directory = CompanyDirectory.parse(json);
        } catch (EdgarFormatException e) {
            throw TaskFailure.retryable(ErrorCode.EDGAR_UNAVAILABLE, e.getMessage(), e);
        }
        directoryLoadedAt = clock.instant();
    }

    /** A search for the task's filing, with the company's CIK looked up when the task names a ticker. */
    public FilingSearch startSearch(@ExchangeProperty("task") TaskMessage task) {
        Cik cik = task.cik();
        if (cik == null) {
            cik = company(task.ticker()).cik();
        }
        return new FilingSearch(SOURCE, edgar.wwwUrl().toString(), cik, task.ticker(), task.formType(),
                task.accessionNumber());
    }

    public String submissionsUrl(@ExchangeProperty("filingSearch") FilingSearch search) {
        return submissionsUrl(search.cik());
    }

    /** The URL of the next older submissions page to read, or null when the search is decided. */
    public String nextPageUrl(@ExchangeProperty("filingSearch") FilingSearch search) {
        return search.nextPage().map(this::pageUrl).orElse(null);
    }

    /** The search with this page's rows read into it. */
    public FilingSearch readSubmissions(@ExchangeProperty("filingSearch") FilingSearch search, @Body byte[] json) {
        try {
            search.readSubmissions(json);
            return search;
        } catch (EdgarFormatException e) {
            throw TaskFailure.retryable(ErrorCode.EDGAR_UNAVAILABLE, e.getMessage(), e);
        }
    }

    /** The search with this page's rows read into it. */
    public FilingSearch readPage(@ExchangeProperty("filingSearch") FilingSearch search, @Body byte[] json) {
        try {
            search.readPage(json);
            return search;
        } catch (EdgarFormatException e) {
            throw TaskFailure.retryable(ErrorCode.EDGAR_UNAVAILABLE, e.getMessage(), e);
        }
    }

    /** @throws TaskFailure FILING_NOT_FOUND when no row matched */
    public FilingDescriptor result(@ExchangeProperty("filingSearch") FilingSearch search) {
        return search.result().orElseThrow(() -> TaskFailure.permanent(ErrorCode.FILING_NOT_FOUND,
                search.notFoundMessage()));
    }

    /**
     * What EDGAR's answer means: the body on 200; otherwise a typed failure. 403 is SEC's fair-access
     * block and pauses every worker; 429, 5xx and anything unexpected are transient; 404 is permanent, but for an
     * exhibit listing or an exhibit (an empty body: the filing is read without it).
     *
     * @param resource what was asked for: directory, submissions, page, document, exhibit-index or exhibit
     */
    public byte[] checkResponse(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body byte[] body,
                                @ExchangeProperty("edgarResource") String resource,
                                @ExchangeProperty("edgarUrl") String url) {
        int code = status == null ? 0 : status;
        metrics.edgarResponse(code);
        if (code == 200) {
            return body == null ? new byte[0] : body;
        }
        if (code == 403) {
            String page = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            String reason = page.contains("Undeclared Automated Tool")
                    ? "SEC calls this an undeclared automated tool: check aperilex.edgar.user-agent"
                    : page.contains("Request Rate Threshold Exceeded") ? "request rate threshold exceeded"
                    : "HTTP 403 from " + url;
            Instant until = budget.block(reason);
            metrics.edgarBlocked();
            throw TaskFailure.retryableAfter(ErrorCode.EDGAR_UNAVAILABLE,
                    "SEC EDGAR refused access (" + reason + "); retrying after " + until, until);
        }
        if (code == 404) {
            if ("exhibit-index".equals(resource) || "exhibit".equals(resource)) {
                // A filing without a listing, or a listed exhibit not served: read without it.
                return new byte[0];
            }
            if ("submissions".equals(resource)) {
                throw TaskFailure.permanent(ErrorCode.UNKNOWN_COMPANY, "SEC EDGAR has no company with this CIK ("
                        + url + " answered 404)");
            }
            if ("document".equals(resource) || "page".equals(resource)) {
                throw TaskFailure.permanent(ErrorCode.FILING_NOT_FOUND, url + " answered 404");
            }
        }
        throw TaskFailure.retryable(ErrorCode.EDGAR_UNAVAILABLE, url + " answered HTTP " + code, null);
    }

    /** A connection failure or timeout talking to EDGAR: always worth a retry. */
    public void unreachable(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause,
                            @ExchangeProperty("edgarUrl") String url) {
        throw TaskFailure.retryable(ErrorCode.EDGAR_UNAVAILABLE, url + " could not be reached: " + cause, cause);
    }

    /** An answer over aperilex.edgar.max-document-size: retrying fetches the same size again. */
    public void tooLarge(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause,
                         @ExchangeProperty("edgarUrl") String url) {
        throw TaskFailure.permanent(ErrorCode.UNSUPPORTED_FILING, url + " is too large: " + cause.getMessage());
    }

    private static String base(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
