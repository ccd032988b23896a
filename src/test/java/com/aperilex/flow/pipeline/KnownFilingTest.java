package com.aperilex.flow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A task naming an accession EDGAR resolved before (its filings row, as a first resolution leaves it, names the
 * primary document) costs SEC only the document: no submissions read. An accession of another company is not
 * taken from the row: EDGAR is asked, and answers FILING_NOT_FOUND as before.
 */
class KnownFilingTest extends PipelineTestSupport {

    private void knownFiling(long cik, String accession, String document) {
        jdbc.update("""
                INSERT INTO filings (id, cik, company_name, accession_number, form_type, filing_date, primary_document,
                                     document_url, source)
                VALUES (?, ?, 'Known Corp', ?, '10-K', DATE '2024-11-01', ?, ?, 'edgar')
                """, UUID.randomUUID(), cik, accession, document,
                EDGAR.baseUrl() + EdgarStub.archivesPath(cik, accession, document));
    }

    @Test
    void aKnownAccessionIsFetchedWithoutReadingTheSubmissionsAgain() {
        long cik = 1000981;
        String accession = "0001000981-24-000001";
        serveCompany(cik, "Known Corp", accession, "known-10k.htm");
        knownFiling(cik, accession, "known-10k.htm");

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d", "accessionNumber": "%s"}""".formatted(uniqueEmail(), cik, accession)));

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.at("/filing/accessionNumber").asText()).isEqualTo(accession);
        assertThat(EDGAR.requests("/submissions/CIK%010d.*".formatted(cik))).as("no submissions read").isEmpty();
        assertThat(EDGAR.requests(EdgarStub.archivesPath(cik, accession, "known-10k.htm"))).hasSize(1);
    }

    @Test
    void anAccessionOfAnotherCompanyIsStillAskedOfEdgar() {
        long known = 1000982;
        long asked = 1000983;
        String accession = "0001000982-24-000001";
        knownFiling(known, accession, "other-10k.htm");
        serveCompany(asked, "Asked Corp", "0001000983-24-000001", "asked-10k.htm");

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d", "accessionNumber": "%s"}""".formatted(uniqueEmail(), asked, accession)));

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("FAILED");
        assertThat(task.at("/error/code").asText()).isEqualTo("FILING_NOT_FOUND");
        assertThat(EDGAR.requests("/submissions/CIK%010d.*".formatted(asked))).hasSize(1);
        assertThat(EDGAR.requests(EdgarStub.archivesPath(known, accession, "other-10k.htm"))).isEmpty();
    }
}
