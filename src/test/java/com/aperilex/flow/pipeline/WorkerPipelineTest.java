package com.aperilex.flow.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.intake.DedupKeys;
import com.aperilex.flow.persistence.Admission;
import com.aperilex.flow.persistence.TaskAdmissions;
import com.aperilex.flow.persistence.TaskRuns;
import java.time.Duration;
import java.time.Instant;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.Sha256;
import com.aperilex.flow.edgar.FilingDescriptor;
import com.aperilex.flow.persistence.FilingRecord;
import com.aperilex.flow.persistence.FilingRepository;
import com.aperilex.flow.stubs.EdgarStub;
import com.aperilex.flow.stubs.LlmStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import com.aperilex.flow.storage.DocumentStorage;
import com.aperilex.flow.storage.StorageKey;
import java.nio.charset.StandardCharsets;

/** Request to COMPLETED (or a typed FAILED) through EDGAR, storage, parsing and the LLM, over real HTTP. */
class WorkerPipelineTest extends PipelineTestSupport {

    @Autowired
    DocumentStorage storage;

    private String stored(String key) {
        return new String(storage.get(new StorageKey(key)).orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void latestTenKByTickerEndsCompletedWithTheStoredAnalysis() throws Exception {
        String taskId = submit("""
                {"email": "%s", "ticker": "AAPL"}""".formatted(uniqueEmail()));
        JsonNode task = awaitFinished(taskId);

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.get("analysisStatus").asText()).isEqualTo("COMPLETED");
        assertThat(task.get("error").isNull()).isTrue();
        // The newest row whose form is exactly 10-K in Apple's real submissions.
        assertThat(task.get("filing").get("accessionNumber").asText()).isEqualTo("0000320193-22-000108");
        assertThat(history(taskId)).containsSubsequence("PENDING", "QUEUED", "PROCESSING/INITIATED",
                "PROCESSING/FETCHING_FILING", "PROCESSING/FILING_STORED", "PROCESSING/PARSING",
                "PROCESSING/ANALYZING", "PROCESSING/STORING", "COMPLETED/COMPLETED");

        String analysisId = task.get("analysisId").asText();
        assertThat(task.get("analysisUrl").asText()).isEqualTo("/api/v1/analyses/" + analysisId);
        Reply reply = get("/api/v1/analyses/" + analysisId);
        assertThat(reply.status()).isEqualTo(200);
        JsonNode doc = reply.json();
        assertThat(doc.get("analysisId").asText()).isEqualTo(analysisId);
        assertThat(doc.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(doc.get("analysisVersion").asInt()).isEqualTo(2);

        JsonNode filing = doc.get("filing");
        assertThat(filing.get("cik").asText()).isEqualTo("0000320193");
        assertThat(filing.get("ticker").asText()).isEqualTo("AAPL");
        assertThat(filing.get("companyName").asText()).isEqualTo("Apple Inc.");
        assertThat(filing.get("formType").asText()).isEqualTo("10-K");
        assertThat(filing.get("filingDate").asText()).isEqualTo("2022-10-28");
        assertThat(filing.get("periodOfReport").asText()).isEqualTo("2022-09-24");
        assertThat(filing.get("documentUrl").asText()).isEqualTo(EDGAR.baseUrl()
                + EdgarStub.archivesPath(320193, "0000320193-22-000108", "aapl-20220924.htm"));
        String servedDocument = EdgarStub.fixtureDocument("Apple Inc.");
        assertThat(filing.get("sha256").asText()).isEqualTo(Sha256.hex(servedDocument.getBytes()));

        // Figures: plain JSON numbers in full units, from the XBRL, never from the model.
        JsonNode facts = doc.get("facts");
        assertThat(facts.get("fiscalYear").asInt()).isEqualTo(2024);
        assertThat(facts.get("periodEnd").asText()).isEqualTo("2024-09-28");
        assertThat(facts.get("currency").asText()).isEqualTo("USD");
        JsonNode current = facts.get("current");
        assertThat(current.get("revenue").isIntegralNumber()).isTrue();
        assertThat(current.get("revenue").toString()).isEqualTo("391035000000");
        assertThat(current.get("netIncome").toString()).isEqualTo("93736000000");
        assertThat(current.get("epsDiluted").toString()).isEqualTo("6.08");
        assertThat(current.get("epsBasic").toString()).isEqualTo("6.11");
        assertThat(current.get("totalAssets").toString()).isEqualTo("364980000000");
        assertThat(current.get("totalLiabilities").toString()).isEqualTo("308030000000");
        assertThat(current.get("stockholdersEquity").toString()).isEqualTo("56950000000");
        assertThat(current.get("cash").toString()).isEqualTo("29943000000");
        assertThat(current.get("operatingCashFlow").toString()).isEqualTo("118254000000");
        assertThat(facts.get("prior").get("revenue").toString()).isEqualTo("383285000000");
        assertThat(facts.get("prior").get("netIncome").toString()).isEqualTo("96995000000");

        // Sections keyed by item number, each stored.
        JsonNode sections = doc.get("sections");
        assertThat(sections.has("1")).isTrue();
        assertThat(sections.has("1A")).isTrue();
        assertThat(sections.has("7")).isTrue();
        assertThat(sections.has("16")).isTrue();
        assertThat(sections.get("1A").get("title").asText()).isEqualTo("Risk Factors");
        String riskKey = sections.get("1A").get("storageKey").asText();
        String riskText = stored(riskKey);
        assertThat(riskText).contains("Global and regional economic conditions");
        assertThat(riskText).doesNotContain("TABLE OF CONTENTS");
        assertThat(sections.get("1A").get("chars").asInt()).isEqualTo(riskText.length());

        // The model's narrative, schema-checked, with what it cost.
        JsonNode narrative = doc.get("narrative");
        assertThat(narrative.get("summary").asText()).contains("devices and services");
        assertThat(narrative.get("keyRisks").get(0).get("severity").asText()).isEqualTo("high");
        JsonNode llm = doc.get("llm");
        assertThat(llm.get("provider").asText()).isEqualTo("openai");
        assertThat(llm.get("model").asText()).isEqualTo(LlmStub.MODEL);
        assertThat(llm.get("inputTokens").asInt()).isEqualTo(1834);
        assertThat(llm.get("outputTokens").asInt()).isEqualTo(212);
        // 1834 * 0.15 / 1e6 + 212 * 0.60 / 1e6
        assertThat(llm.get("costUsd").decimalValue()).isEqualByComparingTo("0.000402");
        assertThat(llm.get("latencyMs").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(doc.get("createdAt").asText()).isNotBlank();

        // Rows linked: task -> filing and analysis; analysis -> filing; raw filing stored with its checksum.
        Map<String, Object> row = jdbc.queryForMap("""
                SELECT f.storage_key, f.sha256, f.size_bytes, a.llm_model, a.input_tokens, a.cost_usd, a.llm_calls
                FROM tasks t JOIN filings f ON f.id = t.filing_id JOIN analyses a ON a.id = t.analysis_id
                WHERE t.id = ?::uuid AND a.filing_id = f.id""", taskId);
        assertThat(row.get("storage_key")).isEqualTo("filings/0000320193/0000320193-22-000108/aapl-20220924.htm");
        assertThat(((String) row.get("sha256")).strip()).isEqualTo(filing.get("sha256").asText());
        assertThat(((Number) row.get("size_bytes")).longValue()).isEqualTo(servedDocument.getBytes().length);
        assertThat(stored((String) row.get("storage_key"))).isEqualTo(servedDocument);
        assertThat(row.get("llm_calls")).isEqualTo(1);

        // The prompt carried the chosen sections, and the API key went as a bearer token.
        String prompt = LLM.server().getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertThat(prompt).contains("Item 1A", "Item 7", "Global and regional economic conditions",
                "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"narrative\",\"strict\":true,");
        assertThat(LLM.server().getAllServeEvents().get(0).getRequest().getHeader("Authorization"))
                .isEqualTo("Bearer " + LlmStub.API_KEY);
        // SEC fair access: every request declared the User-Agent.
        assertThat(EDGAR.server().findAll(getRequestedFor(anyUrl())
                .withHeader("User-Agent", notContaining(EdgarStub.USER_AGENT)))).isEmpty();
        assertThat(EDGAR.server().findAll(getRequestedFor(anyUrl())
                .withHeader("User-Agent", equalTo(EdgarStub.USER_AGENT)))).isNotEmpty();
    }

    @Autowired
    FilingDocuments filingDocuments;

    @Autowired
    FilingRepository filings;

    @Test
    void storedFilingIsVerifiedAgainstItsChecksumWhenRead() {
        long cik = 1000606;
        String accession = "0001000606-24-000001";
        serveCompany(cik, "Checksum Corp", accession, "check-10k.htm");
        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)));
        assertThat(task.get("status").asText()).isEqualTo("COMPLETED");

        FilingDescriptor descriptor = new FilingDescriptor("edgar", new Cik(cik), null, null,
                AccessionNumber.of(accession), FormType.TEN_K, null, null, "check-10k.htm", "unused");
        FilingRecord record = filings.register(descriptor);
        assertThat(record.isStored()).isTrue();
        assertThat(filingDocuments.storedDocument(record)).isEqualTo(
                EdgarStub.fixtureDocument("Checksum Corp").getBytes(StandardCharsets.UTF_8));

        storage.put(record.storageKey(), "tampered".getBytes(StandardCharsets.UTF_8), "text/html");
        assertThat(filingDocuments.storedDocument(record)).as("a copy failing its checksum is fetched again").isNull();
    }

    @Autowired
    TaskAdmissions admissions;
    @Autowired
    com.aperilex.flow.persistence.Users users;
    @Autowired
    TaskRuns runs;

    @Test
    void aTaskWhoseWorkerWasLostIsRetriedWhenItsLeaseExpires() {
        long cik = 1000707;
        serveCompany(cik, "Lost Worker Corp", "0001000707-24-000001", "lost-10k.htm");
        // A worker took the task 20 minutes ago and died: no message left, the lease (15m) ran out.
        AnalysisRequest request = new AnalysisRequest(Email.of(uniqueEmail()), new Cik(cik), FormType.TEN_K,
                null, 1);
        Admission admission = admissions.admit(owner(request), request, DedupKeys.of(owner(request), request), Instant.now(), Duration.ofHours(24));
        assertThat(runs.markProcessing(admission.taskId(), 0, Instant.now().minus(Duration.ofMinutes(20)),
                Duration.ofMinutes(15))).isTrue();

        JsonNode task = awaitFinished(admission.taskId().toString());
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForList("SELECT detail FROM task_transitions WHERE task_id = ? AND status = 'RETRYING'",
                String.class, admission.taskId().value())).containsExactly("INTERNAL_ERROR: the worker's lease expired");
        assertThat(jdbc.queryForObject("SELECT attempts FROM tasks WHERE id = ?", Integer.class,
                admission.taskId().value())).isEqualTo(2);
    }

    @Test
    void latestMeansExactlyTheRequestedFormNotItsAmendment() {
        // Tesla's newest 10-K/A (2022-05-02) is newer than its newest 10-K (2022-02-07).
        String taskId = submit("""
                {"email": "%s", "ticker": "TSLA", "formType": "10-K"}""".formatted(uniqueEmail()));
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.get("filing").get("accessionNumber").asText()).isEqualTo("0000950170-22-000796");
    }

    @Test
    void namedAccessionInAnOverflowPageIsFound() {
        // Apple's FY2012 10-K is not in filings.recent; it is on the page filings.files names.
        EDGAR.document(320193, "0001193125-12-444068", "d411355d10k.htm", EdgarStub.fixtureDocument("Apple Inc."));
        String taskId = submit("""
                {"email": "%s", "cik": "320193", "accessionNumber": "0001193125-12-444068"}""".formatted(uniqueEmail()));
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.get("filing").get("filingDate").asText()).isEqualTo("2012-10-31");
        assertThat(EDGAR.requests("/submissions/CIK0000320193-submissions-001.json")).isNotEmpty();
    }

    @Test
    void unknownTickerFailsWithItsCode() {
        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "ticker": "ZZZZQ"}""".formatted(uniqueEmail())));
        assertThat(task.get("status").asText()).isEqualTo("FAILED");
        assertThat(task.get("error").get("code").asText()).isEqualTo("UNKNOWN_TICKER");
        assertThat(storedError(task)).contains("ZZZZQ");
    }

    @Test
    void accessionThatIsNotOnEdgarFailsFilingNotFoundAfterReadingEveryPage() {
        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "320193", "accessionNumber": "0000320193-99-999999"}""".formatted(uniqueEmail())));
        assertThat(task.get("status").asText()).isEqualTo("FAILED");
        assertThat(task.get("error").get("code").asText()).isEqualTo("FILING_NOT_FOUND");
    }

    @Test
    void cikWithoutSubmissionsFailsUnknownCompany() {
        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "9999999991"}""".formatted(uniqueEmail())));
        assertThat(task.get("status").asText()).isEqualTo("FAILED");
        assertThat(task.get("error").get("code").asText()).isEqualTo("UNKNOWN_COMPANY");
    }

    @Test
    void documentThatIsGoneFailsFilingNotFound() {
        long cik = 1000404;
        EDGAR.submissions(cik, submissions(cik, "Gone Document Corp", "0001000404-24-000001", "gone-10k.htm"));
        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)));
        assertThat(task.get("status").asText()).isEqualTo("FAILED");
        assertThat(task.get("error").get("code").asText()).isEqualTo("FILING_NOT_FOUND");
        assertThat(history(task.get("taskId").asText())).doesNotContain("RETRYING");
    }

    @Test
    void serverErrorsAndThrottlingRetryWithBackOffThenComplete() {
        long cik = 1000503;
        String url = "/submissions/CIK%010d.json".formatted(cik);
        String json = submissions(cik, "Flaky Edgar Corp", "0001000503-24-000001", "flaky-10k.htm");
        EDGAR.server().stubFor(WireMock.get(urlEqualTo(url)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("throttled"));
        EDGAR.server().stubFor(WireMock.get(urlEqualTo(url)).inScenario("flaky").whenScenarioStateIs("throttled")
                .willReturn(aResponse().withStatus(429)).willSetStateTo("well"));
        EDGAR.server().stubFor(WireMock.get(urlEqualTo(url)).inScenario("flaky").whenScenarioStateIs("well")
                .willReturn(aResponse().withStatus(200).withBody(json)));
        EDGAR.document(cik, "0001000503-24-000001", "flaky-10k.htm", EdgarStub.fixtureDocument("Flaky Edgar Corp"));

        String taskId = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik));
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        List<String> history = history(taskId);
        assertThat(history.stream().filter(s -> s.startsWith("RETRYING")).count()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT attempts FROM tasks WHERE id = ?::uuid", Integer.class, taskId))
                .isEqualTo(3);
    }

    @Test
    void edgarTimeoutsRetry() {
        long cik = 1000408;
        String url = "/submissions/CIK%010d.json".formatted(cik);
        serveCompany(cik, "Slow Edgar Corp", "0001000408-24-000001", "slow-10k.htm");
        EDGAR.server().stubFor(WireMock.get(urlEqualTo(url)).atPriority(1).inScenario("slow")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("fast")
                .willReturn(aResponse().withStatus(200).withFixedDelay(3_000)
                        .withBody(submissions(cik, "Slow Edgar Corp", "0001000408-24-000001", "slow-10k.htm"))));

        String taskId = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik));
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForList("SELECT detail FROM task_transitions WHERE task_id = ?::uuid AND status = 'RETRYING'",
                String.class, taskId)).singleElement().asString().startsWith("EDGAR_UNAVAILABLE").contains("could not be reached");
    }

    @Test
    void edgarDownThroughEveryAttemptFailsEdgarUnavailable() {
        long cik = 1000500;
        EDGAR.server().stubFor(WireMock.get(urlEqualTo("/submissions/CIK%010d.json".formatted(cik)))
                .willReturn(aResponse().withStatus(500)));
        String taskId = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik));
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).isEqualTo("FAILED");
        assertThat(task.get("error").get("code").asText()).isEqualTo("EDGAR_UNAVAILABLE");
        assertThat(storedError(task)).contains("after 3 attempts");
        assertThat(EDGAR.requests("/submissions/CIK%010d.json".formatted(cik))).hasSize(3);
    }



    /** The test user of the request's email (a users row, made on first use). */
    private com.aperilex.flow.domain.UserId owner(com.aperilex.flow.domain.AnalysisRequest request) {
        return users.resolve("email:" + request.email(), request.email());
    }
}
