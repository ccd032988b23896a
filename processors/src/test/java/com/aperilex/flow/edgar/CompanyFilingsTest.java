package com.aperilex.flow.edgar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.FormType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * A bulk import's listing of one company's filings, on Apple's real submissions documents: every 10-K and 10-Q in
 * a two-year range from one request (the recent block reaches back far enough, so no older page is asked for), and
 * an old range that needs exactly the one overflow page that covers it.
 */
class CompanyFilingsTest {
    private static final Cik APPLE = Cik.of("320193");
    private static final Set<FormType> PERIODIC = Set.of(FormType.TEN_K, FormType.TEN_Q);

    static boolean corpus() {
        String dir = System.getProperty("aperilex.corpus.dir", "");
        return !dir.isBlank() && Files.isDirectory(Path.of(dir));
    }

    private static byte[] corpus(String file) throws IOException {
        return Files.readAllBytes(Path.of(System.getProperty("aperilex.corpus.dir"), file));
    }

    @Test
    @EnabledIf("corpus")
    void twoYearsOfPeriodicFilingsComeFromTheMainDocumentAlone() throws IOException {
        CompanyFilings listing = new CompanyFilings("edgar", "https://www.sec.gov/", APPLE, null, PERIODIC,
                LocalDate.parse("2024-12-01"), LocalDate.parse("2026-12-01"));
        listing.readSubmissions(corpus("edgartools/CIK0000320193_submissions_AAPL.json"));

        assertThat(listing.nextPage()).as("the recent block reaches back to 2015: no older page").isEmpty();
        assertThat(listing.isComplete()).isTrue();
        assertThat(listing.filings()).extracting(d -> d.accessionNumber().value()).containsExactly(
                "0000320193-26-000006", "0000320193-25-000079", "0000320193-25-000073", "0000320193-25-000057",
                "0000320193-25-000008");
        FilingDescriptor annual = listing.filings().get(1);
        assertThat(annual.formType()).isEqualTo(FormType.TEN_K);
        assertThat(annual.filingDate()).isEqualTo(LocalDate.parse("2025-10-31"));
        assertThat(annual.documentUrl())
                .isEqualTo("https://www.sec.gov/Archives/edgar/data/320193/000032019325000079/aapl-20250927.htm");
        assertThat(annual.ticker().value()).isEqualTo("AAPL");
        assertThat(annual.companyName()).isEqualTo("Apple Inc.");
        assertThat(listing.pagesRead()).isZero();
    }

    @Test
    @EnabledIf("corpus")
    void anOldRangeReadsOnlyTheOverflowPageThatCoversIt() throws IOException {
        CompanyFilings listing = new CompanyFilings("edgar", "https://www.sec.gov", APPLE, null, Set.of(FormType.TEN_K),
                LocalDate.parse("2012-01-01"), LocalDate.parse("2013-12-31"));
        listing.readSubmissions(corpus("sec-edgar-downloader/CIK0000320193.json"));

        assertThat(listing.isComplete()).isFalse();
        assertThat(listing.nextPage()).contains("CIK0000320193-submissions-001.json");
        listing.readPage(corpus("sec-edgar-downloader/CIK0000320193-submissions-001.json"));
        assertThat(listing.nextPage()).isEmpty();
        assertThat(listing.filings()).extracting(d -> d.accessionNumber().value())
                .containsExactly("0001193125-13-416534", "0001193125-12-444068");
        assertThat(listing.pagesRead()).isEqualTo(1);
    }

    @Test
    void pagesOutsideTheRangeAreNeverAskedForAndUndatedOnesOnlyWhenTheRecentBlockFallsShort() {
        String json = """
                {"cik": "320193", "name": "Example", "tickers": ["EXMP"], "filings": {
                  "recent": {"accessionNumber": ["0000320193-24-000001", "0000320193-20-000001"],
                             "form": ["10-K", "10-K/A"], "filingDate": ["2024-11-01", "2020-01-05"],
                             "reportDate": ["2024-09-28", ""], "primaryDocument": ["a.htm", "b.htm"]},
                  "files": [{"name": "CIK0000320193-submissions-001.json", "filingFrom": "2001-01-01", "filingTo": "2019-12-31"},
                            {"name": "CIK0000320193-submissions-002.json"}]}}""";
        CompanyFilings recentEnough = new CompanyFilings("edgar", "https://www.sec.gov", APPLE, null, PERIODIC,
                LocalDate.parse("2022-01-01"), LocalDate.parse("2024-12-31"));
        recentEnough.readSubmissions(json.getBytes(StandardCharsets.UTF_8));
        assertThat(recentEnough.nextPage()).as("the recent block reaches 2020, before the range").isEmpty();
        assertThat(recentEnough.filings()).singleElement().satisfies(d -> {
            assertThat(d.formType()).isEqualTo(FormType.TEN_K);
            assertThat(d.ticker().value()).isEqualTo("EXMP");
        });

        CompanyFilings older = new CompanyFilings("edgar", "https://www.sec.gov", APPLE, null, PERIODIC,
                LocalDate.parse("2010-01-01"), LocalDate.parse("2012-12-31"));
        older.readSubmissions(json.getBytes(StandardCharsets.UTF_8));
        assertThat(older.nextPage()).contains("CIK0000320193-submissions-001.json");
        assertThat(older.nextPage()).as("undated, and the recent block stops in 2020").contains(
                "CIK0000320193-submissions-002.json");
        assertThat(older.nextPage()).isEmpty();
    }

    @Test
    void aPrimaryDocumentThatIsNoPlainFileNameIsLeftOutAndCounted() {
        String json = """
                {"filings": {"recent": {"accessionNumber": ["0000320193-25-000001", "0000320193-25-000002"],
                  "form": ["10-Q", "10-Q"], "filingDate": ["2025-05-01", "2025-08-01"],
                  "primaryDocument": ["../../etc/passwd", "q2.htm"]}}}""";
        CompanyFilings listing = new CompanyFilings("edgar", "https://www.sec.gov", APPLE, null, PERIODIC,
                LocalDate.parse("2025-01-01"), LocalDate.parse("2025-12-31"));
        listing.readSubmissions(json.getBytes(StandardCharsets.UTF_8));
        assertThat(listing.filings()).extracting(FilingDescriptor::primaryDocument).containsExactly("q2.htm");
        assertThat(listing.refused()).isEqualTo(1);
    }

    @Test
    void malformedInputAndRangesAreRefused() {
        assertThatThrownBy(() -> new CompanyFilings("edgar", "https://www.sec.gov", APPLE, null, PERIODIC,
                LocalDate.parse("2025-01-02"), LocalDate.parse("2025-01-01"))).isInstanceOf(IllegalArgumentException.class);
        CompanyFilings listing = new CompanyFilings("edgar", "https://www.sec.gov", APPLE, null, PERIODIC,
                LocalDate.parse("2025-01-01"), LocalDate.parse("2025-12-31"));
        assertThatThrownBy(() -> listing.readSubmissions("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EdgarFormatException.class);
        assertThatThrownBy(() -> listing.readSubmissions("{\"filings\": {}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EdgarFormatException.class);
        assertThatThrownBy(listing::filings).isInstanceOf(IllegalStateException.class);
    }
}
