package com.aperilex.flow.edgar;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.TaskFailure;
import com.aperilex.flow.domain.Ticker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds one filing in a company's EDGAR submissions: {@code data.sec.gov/submissions/CIK##########.json}
 * holds the most recent filings under {@code filings.recent} (column arrays) and names older pages under
 * {@code filings.files}, each a file of the same columns at its top level. The search reads the main
 * document, then asks for pages one at a time until the filing is found or the pages run out.
 * <p>
 * "Latest" is the newest row whose form is exactly the requested one: a 10-K/A is not a 10-K.
 */
public final class FilingSearch {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A plain file name: nothing that could leave the filing's folder or add a query, fragment or escape. */
    private static final Pattern DOCUMENT_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final String source;
    private final String archivesBaseUrl;
    private final Cik cik;
    private final FormType formType;
    private final AccessionNumber accessionNumber;
    private final Deque<String> pages = new ArrayDeque<>();
    private Ticker ticker;
    private String companyName;
    private boolean submissionsRead;
    /** The named accession turned out to be another form: no other page can hold it. */
    private boolean accessionIsOtherForm;
    private Row best;

    private record Row(AccessionNumber accession, String form, LocalDate filingDate, LocalDate reportDate,
                       String acceptance, String primaryDocument) {
    }

    /**
     * @param archivesBaseUrl e.g. https://www.sec.gov: documents live under {@code /Archives/edgar/data}
     * @param accessionNumber the named filing, or null for the latest of {@code formType}
     */
    public FilingSearch(String source, String archivesBaseUrl, Cik cik, Ticker ticker, FormType formType,
                        AccessionNumber accessionNumber) {
        this.source = source;
        this.archivesBaseUrl = archivesBaseUrl.endsWith("/")
                ? archivesBaseUrl.substring(0, archivesBaseUrl.length() - 1) : archivesBaseUrl;
        this.cik = cik;
        this.ticker = ticker;
        this.formType = formType;
        this.accessionNumber = accessionNumber;
    }

    public Cik cik() {
        return cik;
    }

    /** Reads the main submissions document. */
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
                // an exotic symbol: the analysis simply carries no ticker
            }
        }
        readColumns(filings.path("recent"));
        for (JsonNode file : filings.path("files")) {
            String name = file.path("name").asText("");
            if (name.matches("CIK[0-9]{10}-submissions-[0-9]{3}\\.json")) {
                pages.add(name);
            }
        }
        submissionsRead = true;
    }

    /** Reads one older page named by {@link #nextPage()}. */
    public void readPage(byte[] json) {
        readColumns(parse(json));
    }

    /** The next older page to read, or empty when the search is decided. */
    public Optional<String> nextPage() {
        if (!submissionsRead || best != null || accessionIsOtherForm) {
            return Optional.empty();
        }
        return Optional.ofNullable(pages.poll());
    }

    public boolean isDecided() {
        return submissionsRead && (best != null || accessionIsOtherForm || pages.isEmpty());
    }

    /** The filing found, or empty when no row matches. */
    public Optional<FilingDescriptor> result() {
        if (!isDecided()) {
            throw new IllegalStateException("the search still has pages to read");
        }
        if (best == null) {
            return Optional.empty();
        }
        String accessionPath = best.accession().value().replace("-", "");
        // Filings from before primary documents were indexed have only the complete submission text file.
        String document = best.primaryDocument() == null || best.primaryDocument().isBlank()
                ? best.accession().value() + ".txt" : best.primaryDocument();
        if (!isPlainFileName(document)) {
            // The name comes from SEC's JSON and goes into a URL: a traversal, an escape or a query would send
            // the request elsewhere, so such a filing is refused before anything is fetched.
            throw TaskFailure.permanent(ErrorCode.UNSUPPORTED_FILING, "EDGAR names a primary document for "
                    + best.accession() + " that is not a plain file name");
        }
        String url = archivesBaseUrl + "/Archives/edgar/data/" + cik.value() + "/" + accessionPath + "/" + document;
        return Optional.of(new FilingDescriptor(source, cik, ticker, companyName, best.accession(), formType,
                best.filingDate(), best.reportDate(), document, url));
    }

    /** Whether {@code name} matches {@code [A-Za-z0-9._-]+} and is not {@code .} or {@code ..}. */
    public static boolean isPlainFileName(String name) {
        return DOCUMENT_NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /** Why nothing was found, for the task's error message. */
    public String notFoundMessage() {
        return accessionNumber == null
                ? "CIK " + cik + " has no " + formType + " filing on EDGAR"
                : "CIK " + cik + " has no " + formType + " filing with accession number " + accessionNumber;
    }

    private void readColumns(JsonNode columns) {
        JsonNode accessions = columns.path("accessionNumber");
        JsonNode forms = columns.path("form");
        if (!accessions.isArray() || !forms.isArray() || accessions.size() != forms.size()) {
            throw new EdgarFormatException("submissions columns for CIK " + cik + " are missing or uneven");
        }
        for (int i = 0; i < accessions.size(); i++) {
            String form = forms.get(i).asText();
            String accession = accessions.get(i).asText();
            if (accessionNumber != null) {
                if (!accession.equals(accessionNumber.value())) {
                    continue;
                }
                if (!form.equals(formType.edgarName())) {
                    // The accession exists but is another form: not what was asked for, and no other row will be.
                    accessionIsOtherForm = true;
                    return;
                }
            } else if (!form.equals(formType.edgarName())) {
                continue;
            }
            Row row = new Row(AccessionNumber.of(accession), form, date(columns, "filingDate", i),
                    date(columns, "reportDate", i), columns.path("acceptanceDateTime").path(i).asText(""),
                    columns.path("primaryDocument").path(i).asText(""));
            if (best == null || newer(row, best)) {
                best = row;
            }
        }
    }

    private static boolean newer(Row a, Row b) {
        int byDate = compareNullable(a.filingDate(), b.filingDate());
        return byDate != 0 ? byDate > 0 : a.acceptance().compareTo(b.acceptance()) > 0;
    }

    private static int compareNullable(LocalDate a, LocalDate b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return a.compareTo(b);
    }

    private static LocalDate date(JsonNode columns, String column, int i) {
        return date(columns.path(column).path(i).asText(""));
    }

    /** An EDGAR date column's value, or null when empty or not a date. */
    static LocalDate date(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private JsonNode parse(byte[] json) {
        return parseSubmissions(json, cik);
    }

    /** A submissions document (or older page) of {@code cik} as a JSON object, else EdgarFormatException. */
    static JsonNode parseSubmissions(byte[] json, Cik cik) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) {
                throw new EdgarFormatException("submissions JSON for CIK " + cik + " is not an object");
            }
            return root;
        } catch (IOException e) {
            throw new EdgarFormatException("submissions JSON for CIK " + cik + " is not JSON: " + e.getMessage());
        }
    }
}
