package com.aperilex.flow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.ServiceTestSupport;
import com.aperilex.flow.storage.DocumentStorage;
import com.aperilex.flow.storage.StorageKey;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The read side: tasks and analyses by id, the global pool answering at once, and 404s. */
class ReadApiTest extends ServiceTestSupport {

    @Autowired
    DocumentStorage storage;

    @Test
    void taskViewCarriesTheRequestAndNullsForWhatIsNotKnownYet() {
        String email = uniqueEmail();
        String taskId = postJson("""
                {"email": "%s", "cik": "0000320193", "formType": "10-K", "accessionNumber": "0000320193-24-000123"}"""
                .formatted(email)).json().get("taskId").asText();

        Reply reply = get("/api/v1/tasks/" + taskId);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode task = reply.json();
        assertThat(task.get("taskId").asText()).isEqualTo(taskId);
        assertThat(task.get("status").asText()).isIn("QUEUED", "PROCESSING", "RETRYING");
        // The view names the owner by user id, never by email (dev: the user of the body's email).
        assertThat(task.get("userId").asText()).isEqualTo(jdbc.queryForObject(
                "SELECT id::text FROM users WHERE subject = ?", String.class, "email:" + email));
        JsonNode request = task.get("request");
        assertThat(request.has("email")).isFalse();
        assertThat(request.get("cik").asText()).isEqualTo("0000320193");
        assertThat(request.get("ticker").isNull()).isTrue();
        assertThat(request.get("formType").asText()).isEqualTo("10-K");
        assertThat(request.get("accessionNumber").asText()).isEqualTo("0000320193-24-000123");
        assertThat(request.get("schemaVersion").asInt()).isEqualTo(1);
        for (String field : new String[] {"filing", "analysisId", "analysisUrl", "error"}) {
            assertThat(task.has(field)).as(field + " present").isTrue();
            assertThat(task.get(field).isNull()).as(field + " null").isTrue();
        }
        assertThat(task.get("createdAt").asText()).isNotBlank();
        assertThat(task.get("updatedAt").asText()).isNotBlank();
    }

    @Test
    void unknownTaskIs404AndMalformedIdIs400() {
        Reply unknown = get("/api/v1/tasks/" + UUID.randomUUID());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().get("type").asText()).endsWith("/not-found");

        Reply malformed = get("/api/v1/tasks/not-a-uuid");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
    }

    @Test
    void unknownAnalysisIs404() {
        Reply reply = get("/api/v1/analyses/" + UUID.randomUUID());
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(get("/api/v1/analyses/1234").status()).isEqualTo(400);
    }

    @Test
    void validAnalysisInThePoolIsAnsweredAtOnceAndServed() {
        String accession = "0000320193-24-0" + (10000 + (int) (Math.random() * 89999));
        UUID analysisId = seedAnalysis(320193L, "AAPL", accession, "now()", 2);

        Reply named = postJson("""
                {"email": "%s", "ticker": "AAPL", "accessionNumber": "%s"}""".formatted(uniqueEmail(), accession));
        assertThat(named.status()).isEqualTo(200);
        assertThat(named.json().get("status").asText()).isEqualTo("COMPLETED");
        assertThat(named.json().get("analysisId").asText()).isEqualTo(analysisId.toString());
        assertThat(named.json().get("analysisUrl").asText()).isEqualTo("/api/v1/analyses/" + analysisId);

        Reply latest = postJson("""
                {"email": "%s", "cik": 320193}""".formatted(uniqueEmail()));
        assertThat(latest.status()).isEqualTo(200);

        Reply document = get("/api/v1/analyses/" + analysisId);
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.json().get("analysisId").asText()).isEqualTo(analysisId.toString());
        // A document stored in schema version 1 (before facts.periods) is still served, as it was stored.
        assertThat(document.json().get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(document.json().get("facts").has("periods")).isFalse();
        assertThat(rowsFor(analysisId)).isZero();
    }

    @Test
    void staleLatestAnalysisOrOldAnalysisVersionMakesATask() {
        String accession = "0000789019-24-0" + (10000 + (int) (Math.random() * 89999));
        seedAnalysis(789019L, "ZZZQ", accession, "now() - interval '25 hours'", 2);

        // "latest" made 25h ago is past the 24h validity.
        assertThat(postJson("""
                {"email": "%s", "ticker": "ZZZQ"}""".formatted(uniqueEmail())).status()).isEqualTo(202);
        // A named accession stays valid while its analysis version is current.
        assertThat(postJson("""
                {"email": "%s", "ticker": "ZZZQ", "accessionNumber": "%s"}""".formatted(uniqueEmail(), accession))
                .status()).isEqualTo(200);

        String olderVersion = "0000789019-23-0" + (10000 + (int) (Math.random() * 89999));
        seedAnalysis(789019L, "ZZZQ", olderVersion, "now()", 1);
        assertThat(postJson("""
                {"email": "%s", "ticker": "ZZZQ", "accessionNumber": "%s"}""".formatted(uniqueEmail(), olderVersion))
                .status()).isEqualTo(202);
    }

    private long rowsFor(UUID analysisId) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM tasks WHERE analysis_id = ?", Long.class, analysisId);
        return n == null ? 0 : n;
    }

    private UUID seedAnalysis(long cik, String ticker, String accession, String createdAt, int version) {
        UUID filingId = UUID.randomUUID();
        UUID analysisId = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO filings (id, cik, ticker, accession_number, form_type, filing_date, latest_resolved_at)
                VALUES (?, ?, ?, ?, '10-K', current_date, %s)""".formatted(createdAt), filingId, cik, ticker, accession);
        String key = "analyses/" + analysisId + ".json";
        jdbc.update("""
                INSERT INTO analyses (id, filing_id, analysis_version, llm_provider, llm_model, storage_key, created_at)
                VALUES (?, ?, ?, 'none', 'none', ?, %s)""".formatted(createdAt), analysisId, filingId, version, key);
        // A complete document of schema version 1, as the worker stores it (without an LLM): served as stored.
        String figures = """
                {"revenue": null, "netIncome": null, "epsBasic": null, "epsDiluted": null, "totalAssets": null,
                 "totalLiabilities": null, "stockholdersEquity": null, "cash": null, "operatingCashFlow": null}""";
        String document = """
                {"analysisId": "%s", "schemaVersion": 1, "analysisVersion": %d,
                 "filing": {"cik": "%010d", "ticker": "%s", "companyName": null, "accessionNumber": "%s", "formType": "10-K",
                            "filingDate": null, "periodOfReport": null, "documentUrl": "https://www.sec.gov/x.htm", "sha256": "00"},
                 "facts": {"fiscalYear": null, "periodEnd": null, "currency": null, "current": %s, "prior": %s},
                 "sections": {}, "narrative": null, "llm": null, "createdAt": "2024-01-01T00:00:00Z"}"""
                .formatted(analysisId, version, cik, ticker, accession, figures, figures);
        storage.put(new StorageKey(key), document.getBytes(StandardCharsets.UTF_8), "application/json");
        return analysisId;
    }
}
