package com.aperilex.flow.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An 8-K read with its press release: the accession folder's listing (index.json, in SEC's recorded format)
 * names the EX-99 documents, the worker fetches each once through the shared SEC budget, stores it like the
 * primary document and puts its text beside the items, in the sections and in the prompt.
 */
class EightKExhibitPipelineTest extends PipelineTestSupport {

    @Test
    void anEightKsPressReleaseIsFetchedOnceStoredAndNarratedBesideItsItems() {
        long cik = 1000971;
        String company = "Press Release Corp";
        String accession = "0001000971-24-000003";
        EDGAR.submissions(cik, submissions(cik, company, accession, "event-8k.htm")
                .replace("\"form\": [\"10-K\"]", "\"form\": [\"8-K\"]"));
        EDGAR.document(cik, accession, "event-8k.htm", EdgarStub.resource("documents/fixture-8k.htm"));
        EDGAR.document(cik, accession, "index.json", EdgarStub.resource("documents/fixture-8k-index.json")
                .replace("ACCESSION", accession).replace("CIK", Long.toString(cik))
                .replace("FOLDER", accession.replace("-", "")));
        EDGAR.document(cik, accession, "ex99-1.htm", EdgarStub.resource("documents/fixture-8k-ex99-1.htm"));
        // ex99-2.htm and ex99-3.htm are listed but not served (404): read without them.

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d", "formType": "8-K"}""".formatted(uniqueEmail(), cik)));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        JsonNode doc = get("/api/v1/analyses/" + task.get("analysisId").asText()).json();
        JsonNode sections = doc.get("sections");
        assertThat(sections.fieldNames()).toIterable().containsSubsequence("2.02", "9.01", "EX-99.1");
        assertThat(sections.get("EX-99.1").get("title").asText())
                .isEqualTo("Example Corp. Reports First Quarter 2024 Results");
        assertThat(doc.get("narrative").get("summary").asText()).isNotBlank();

        // One model call, the release's text in it under its own header, worded for a current report.
        List<LoggedRequest> calls = LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(company)));
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getBodyAsString()).contains("a current report on Form 8-K",
                "=== Item 2.02: Results of Operations and Financial Condition ===",
                "=== Exhibit 99.1: Example Corp. Reports First Quarter 2024 Results ===",
                "today reported revenue of $1.2 billion");

        // Each SEC request once: the listing, the release, the two listed exhibits not served, the document.
        String folder = "/Archives/edgar/data/" + cik + "/" + accession.replace("-", "") + "/";
        assertThat(EDGAR.requests(folder + "index\\.json")).hasSize(1);
        assertThat(EDGAR.requests(folder + "ex99-1\\.htm")).hasSize(1);
        assertThat(EDGAR.requests(folder + "ex99-2\\.htm")).hasSize(1);
        assertThat(EDGAR.requests(folder + "ex99-3\\.htm")).hasSize(1);
        assertThat(EDGAR.requests(folder + "ex99-1_001\\.jpg")).as("the release's image is not read").isEmpty();
        assertThat(EDGAR.requests(folder + "event-8k\\.htm")).hasSize(1);

        // Stored like the primary document: its key, SHA-256 and size, and the filing marked as looked at.
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT e.exhibit_type, e.storage_key, e.sha256, e.size_bytes, f.exhibits_resolved_at
                FROM filing_exhibits e JOIN filings f ON f.id = e.filing_id WHERE f.accession_number = ?""",
                accession);
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.get("exhibit_type")).isEqualTo("EX-99.1");
            assertThat(row.get("storage_key"))
                    .isEqualTo("filings/0001000971/" + accession + "/exhibits/ex99-1.htm");
            assertThat(row.get("sha256").toString()).hasSize(64);
            assertThat(((Number) row.get("size_bytes")).longValue())
                    .isEqualTo(EdgarStub.resource("documents/fixture-8k-ex99-1.htm").getBytes().length);
            assertThat(row.get("exhibits_resolved_at")).isNotNull();
        });
    }

    @Test
    void anAnnualReportAsksForNoListing() {
        long cik = 1000972;
        String accession = "0001000972-24-000001";
        serveCompany(cik, "No Exhibits Corp", accession, "annual-10k.htm");

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(EDGAR.requests("/Archives/edgar/data/" + cik + "/.*index\\.json")).isEmpty();
    }
}
