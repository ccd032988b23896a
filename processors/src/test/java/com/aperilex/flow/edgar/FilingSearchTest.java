package com.aperilex.flow.edgar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.TaskFailure;
import com.aperilex.flow.domain.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FilingSearchTest {
    private static final String SUBMISSIONS = """
            {"cik": "320193", "name": "Apple Inc.", "tickers": ["AAPL"],
             "filings": {"recent": {
                "accessionNumber": ["0000320193-24-000200", "0000320193-24-000123", "0000320193-23-000106"],
                "form": ["10-K/A", "10-K", "10-K"],
                "filingDate": ["2024-12-01", "2024-11-01", "2023-11-03"],
                "reportDate": ["2024-09-28", "2024-09-28", "2023-09-30"],
                "acceptanceDateTime": ["", "", ""],
                "primaryDocument": ["aapl-10ka.htm", "aapl-20240928.htm", "aapl-20230930.htm"]},
              "files": [{"name": "CIK0000320193-submissions-001.json", "filingCount": 1}]}}""";
    private static final String PAGE = """
            {"accessionNumber": ["0000912057-94-000001", "0000912057-94-000002"], "form": ["10-K", "10-Q"],
             "filingDate": ["1994-12-13", "1994-08-10"], "reportDate": ["1994-09-30", "1994-06-30"],
             "primaryDocument": ["", ""]}""";

    private static FilingSearch search(FormType form, String accession) {
        return new FilingSearch("edgar", "https://www.sec.gov/", new Cik(320193), null, form,
                accession == null ? null : AccessionNumber.of(accession));
    }

    @Test
    void latestIsTheNewestRowOfExactlyThatForm() {
        FilingSearch search = search(FormType.TEN_K, null);
        search.readSubmissions(SUBMISSIONS.getBytes(StandardCharsets.UTF_8));
        assertThat(search.nextPage()).isEmpty();
        FilingDescriptor filing = search.result().orElseThrow();
        assertThat(filing.accessionNumber().value()).isEqualTo("0000320193-24-000123");
        assertThat(filing.filingDate()).isEqualTo(LocalDate.of(2024, 11, 1));
        assertThat(filing.periodOfReport()).isEqualTo(LocalDate.of(2024, 9, 28));
        assertThat(filing.ticker()).isEqualTo(Ticker.of("AAPL"));
        assertThat(filing.companyName()).isEqualTo("Apple Inc.");
        assertThat(filing.documentUrl()).isEqualTo(
                "https://www.sec.gov/Archives/edgar/data/320193/000032019324000123/aapl-20240928.htm");

        FilingSearch amended = search(FormType.TEN_K_AMENDED, null);
        amended.readSubmissions(SUBMISSIONS.getBytes(StandardCharsets.UTF_8));
        assertThat(amended.result().orElseThrow().accessionNumber().value()).isEqualTo("0000320193-24-000200");
    }

    @Test
    void aPrimaryDocumentThatIsNoPlainFileNameIsAnUnsupportedFiling() {
        for (String name : new String[] {"../x.htm", "a%2fb.htm", "x.htm?y", "..", ".", "a/b.htm", "a\\b.htm",
                "x.htm#y", "caf\u00e9.htm", "x htm"}) {
            FilingSearch search = search(FormType.TEN_K, null);
            search.readSubmissions(SUBMISSIONS.replace("aapl-20240928.htm", name.replace("\\", "\\\\"))
                    .getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(search::result).as(name).isInstanceOfSatisfying(TaskFailure.class, failure -> {
                assertThat(failure.code()).isEqualTo(ErrorCode.UNSUPPORTED_FILING);
                assertThat(failure.isTransient()).isFalse();
            });
        }
        assertThat(FilingSearch.isPlainFileName("aapl-20240928.htm")).isTrue();
        assertThat(FilingSearch.isPlainFileName("0000912057-94-000001.txt")).isTrue();
        assertThat(FilingSearch.isPlainFileName("d10k_2.htm")).isTrue();
    }

    @Test
    void namedAccessionNotInRecentIsLookedForOnTheOlderPages() {
        FilingSearch search = search(FormType.TEN_K, "0000912057-94-000001");
        search.readSubmissions(SUBMISSIONS.getBytes(StandardCharsets.UTF_8));
        assertThat(search.isDecided()).isFalse();
        assertThat(search.nextPage()).contains("CIK0000320193-submissions-001.json");
        search.readPage(PAGE.getBytes(StandardCharsets.UTF_8));
        assertThat(search.nextPage()).isEmpty();
        FilingDescriptor filing = search.result().orElseThrow();
        // No primary document indexed: the complete submission text file.
        assertThat(filing.primaryDocument()).isEqualTo("0000912057-94-000001.txt");
        assertThat(filing.documentUrl()).endsWith("/320193/000091205794000001/0000912057-94-000001.txt");
    }

    @Test
    void accessionOfAnotherFormOrNowhereIsNotFound() {
        FilingSearch otherForm = search(FormType.TEN_K, "0000320193-24-000200");
        otherForm.readSubmissions(SUBMISSIONS.getBytes(StandardCharsets.UTF_8));
        assertThat(otherForm.nextPage()).as("no need to read older pages").isEmpty();
        assertThat(otherForm.result()).isEmpty();

        FilingSearch nowhere = search(FormType.TEN_K, "0000320193-99-999999");
        nowhere.readSubmissions(SUBMISSIONS.getBytes(StandardCharsets.UTF_8));
        nowhere.nextPage().orElseThrow();
        nowhere.readPage(PAGE.getBytes(StandardCharsets.UTF_8));
        assertThat(nowhere.nextPage()).isEmpty();
        assertThat(nowhere.result()).isEmpty();
        assertThat(nowhere.notFoundMessage()).contains("0000320193-99-999999");
    }

    @Test
    void documentsThatAreNotSubmissionsAreFormatErrors() {
        assertThatThrownBy(() -> search(FormType.TEN_K, null).readSubmissions("<html>".getBytes()))
                .isInstanceOf(EdgarFormatException.class);
        assertThatThrownBy(() -> search(FormType.TEN_K, null).readSubmissions("{\"cik\": 1}".getBytes()))
                .isInstanceOf(EdgarFormatException.class);
    }
}
