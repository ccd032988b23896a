package com.aperilex.flow.edgar;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.Ticker;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every filing of the asked forms that a company filed within a date range, from its EDGAR submissions: what a bulk
 * import resolves once per company for all its forms and dates. The main document
 * ({@code data.sec.gov/submissions/CIK##########.json}) is read once; of the older pages its {@code filings.files}
 * names, only those whose {@code filingFrom..filingTo} overlaps the range are asked for, so a two-year range of a
 * company whose recent block reaches back further costs one request. A page without dates is read only when the
 * recent block does not already reach back to the range's start.
 *
 * <p>Forms match exactly, as in {@link FilingSearch}: a 10-K/A is not a 10-K. A row whose primary document is not a
 * plain file name is left out (it would put SEC's text into a URL); {@link #refused()} counts them.
 */
public final class CompanyFilings {
    private final String source;
    private final String archivesBaseUrl;
    private final Cik cik;
    private final Set<FormType> forms;
    private final LocalDate from;
    private final LocalDate to;
    private final Deque<String> pages = new ArrayDeque<>();
    private final Map<AccessionNumber, FilingDescriptor> found = new LinkedHashMap<>();
    private Ticker ticker;
    private String companyName;
    private boolean submissionsRead;
    private int pagesRead;
    private int refused;

    /**
     * @param archivesBaseUrl e.g. https://www.sec.gov: documents live under {@code /Archives/edgar/data}
     * @param from            the first filing date included
     * @param to              the last filing date included
     */
    public CompanyFilings(String source, String archivesBaseUrl, Cik cik, Ticker ticker, Set<FormType> forms,
                          LocalDate from, LocalDate to) {
        this.source = Objects.requireNonNull(source, "source");
        this.archivesBaseUrl = archivesBaseUrl.endsWith("/")
                ? archivesBaseUrl.substring(0, archivesBaseUrl.length() - 1) : archivesBaseUrl;
        this.cik = Objects.requireNonNull(cik, "cik");
        this.ticker = ticker;
        this.forms = Set.copyOf(forms);
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        if (forms.isEmpty()) {
            throw new IllegalArgumentException("at least one form");
        }
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
    }

    public Cik cik() {
        return cik;
    }

    /** Reads the main submissions document and decides which older pages the range needs. */
    public void readSubmissions(byte[] json) {
        JsonNode root = parse(json);
        JsonNode filings = root.path("filings");
        if (!filings.path("recent").isObject()) {
            throw new EdgarFormatException("submissions JSON for CIK " + cik + " has no filings.recent");
        }
        companyName = root.path("name").asText(null);
        if (ticker == null && root.path("tickers").isArray() && !root.path("tickers").isEmpty()) {
            try {
                ticker = Ticker.of(root.path("tickers").get(0).asText());
            } catch (RuntimeException e) {
                // an exotic symbol: the filings simply carry no ticker
            }
        }
        LocalDate oldestRecent = readColumns(filings.path("recent"));
        boolean recentReachesStart = oldestRecent != null && !oldestRecent.isAfter(from);
        for (JsonNode file : filings.path("files")) {
            String name = file.path("name").asText("");
            if (!name.matches("CIK[0-9]{10}-submissions-[0-9]{3}\\.json")) {
                continue;
            }
            LocalDate pageFrom = date(file.path("filingFrom").asText(""));
            LocalDate pageTo = date(file.path("filingTo").asText(""));
            boolean overlaps = pageFrom != null && pageTo != null
                    ? !pageTo.isBefore(from) && !pageFrom.isAfter(to)
                    : !recentReachesStart;
            if (overlaps) {
                pages.add(name);
            }
        }
        submissionsRead = true;
    }

    /** Reads one older page named by {@link #nextPage()}. */
    public void readPage(byte[] json) {
        if (!submissionsRead) {
            throw new IllegalStateException("read the main submissions document first");
        }
        readColumns(parse(json));
        pagesRead++;
    }

    /** The next older page the range needs, or empty when the listing is complete. */
    public Optional<String> nextPage() {
        return submissionsRead ? Optional.ofNullable(pages.poll()) : Optional.empty();
    }

    public boolean isComplete() {
        return submissionsRead && pages.isEmpty();
    }

    /** The filings found, newest first (by filing date, then accession number). */
    public List<FilingDescriptor> filings() {
        if (!isComplete()) {
            throw new IllegalStateException("the listing still has pages to read");
        }
        List<FilingDescriptor> list = new ArrayList<>(found.values());
        list.sort(Comparator.comparing(FilingDescriptor::filingDate, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(d -> d.accessionNumber().value(), Comparator.reverseOrder()));
        return list;
    }

    /** Older pages read: each one an EDGAR request beyond the main document. */
    public int pagesRead() {
        return pagesRead;
    }

    /** Rows of the asked forms and dates left out because their primary document is not a plain file name. */
    public int refused() {
        return refused;
    }

    /** Reads one block of columns; the oldest filing date in it (of any form), or null when it has none. */
    private LocalDate readColumns(JsonNode columns) {
        JsonNode accessions = columns.path("accessionNumber");
        JsonNode formColumn = columns.path("form");
        if (!accessions.isArray() || !formColumn.isArray() || accessions.size() != formColumn.size()) {
            throw new EdgarFormatException("submissions columns for CIK " + cik + " are missing or uneven");
        }
        LocalDate oldest = null;
        for (int i = 0; i < accessions.size(); i++) {
            LocalDate filed = date(columns.path("filingDate").path(i).asText(""));
            if (filed != null && (oldest == null || filed.isBefore(oldest))) {
                oldest = filed;
            }
            FormType form = form(formColumn.get(i).asText());
            if (form == null || !forms.contains(form) || filed == null || filed.isBefore(from) || filed.isAfter(to)) {
                continue;
            }
            AccessionNumber accession;
            try {
                accession = AccessionNumber.of(accessions.get(i).asText());
            } catch (RuntimeException e) {
                throw new EdgarFormatException("submissions of CIK " + cik + " list an invalid accession number");
            }
            String document = columns.path("primaryDocument").path(i).asText("");
            if (document.isBlank()) {
                document = accession.value() + ".txt";
            }
            if (!FilingSearch.isPlainFileName(document)) {
                refused++;
                continue;
            }
            String url = archivesBaseUrl + "/Archives/edgar/data/" + cik.value() + "/"
                    + accession.value().replace("-", "") + "/" + document;
            found.putIfAbsent(accession, new FilingDescriptor(source, cik, ticker, companyName, accession, form, filed,
                    date(columns.path("reportDate").path(i).asText("")), document, url));
        }
        return oldest;
    }

    private static FormType form(String edgarName) {
        for (FormType type : FormType.values()) {
            if (type.edgarName().equals(edgarName)) {
                return type;
            }
        }
        return null;
    }

    private static LocalDate date(String text) {
        return FilingSearch.date(text);
    }

    private JsonNode parse(byte[] json) {
        return FilingSearch.parseSubmissions(json, cik);
    }
}
