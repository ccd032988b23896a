package com.aperilex.flow.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.stubs.EdgarStub;
import com.aperilex.flow.stubs.LlmStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The global pool: one filing, one download, one LLM call, however many people ask at once. */
class GlobalPoolTest extends PipelineTestSupport {

    @Test
    void tenUsersSendingThreeRequestsEachCauseOneDownloadAndOneLlmCall() throws Exception {
        long cik = 1000777;
        String company = "Single Flight Corp";
        String accession = "0001000777-24-000001";
        serveCompany(cik, company, accession, "flight-10k.htm");

        int users = 10;
        int requestsEach = 3;
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            emails.add(uniqueEmail());
        }
        CountDownLatch start = new CountDownLatch(1);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(users * requestsEach);
        List<Future<Reply>> replies = new ArrayList<>();
        Set<String> analysisIds = new HashSet<>();
        try {
            for (String email : emails) {
                for (int r = 0; r < requestsEach; r++) {
                    replies.add(pool.submit(() -> {
                        start.await();
                        return postJson("""
                                {"email": "%s", "cik": "%d", "formType": "10-K"}""".formatted(email, cik));
                    }));
                }
            }
            start.countDown();
            Set<String> taskIds = new HashSet<>();
            for (Future<Reply> future : replies) {
                Reply reply = future.get();
                assertThat(reply.status()).as(reply.body()).isIn(200, 202);
                if (reply.status() == 202) {
                    taskIds.add(reply.json().get("taskId").asText());
                }
            }
            // One task per person (their three requests are one request), none created twice.
            assertThat(taskIds).hasSizeBetween(1, users);
            for (String taskId : taskIds) {
                JsonNode task = awaitFinished(taskId);
                assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
                analysisIds.add(task.get("analysisId").asText());
            }
            assertThat(analysisIds).hasSize(1);
            System.out.printf("single flight: %d requests, %d tasks, all COMPLETED %d ms after the first POST%n",
                    users * requestsEach, taskIds.size(), (System.nanoTime() - started) / 1_000_000);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM tasks WHERE email = ANY (?)", Integer.class,
                    (Object) emails.toArray(String[]::new))).isEqualTo(taskIds.size());
        } finally {
            pool.shutdownNow();
        }
        assertThat(EDGAR.requests(EdgarStub.archivesPath(cik, accession, "flight-10k.htm")))
                .as("document downloads").hasSize(1);
        assertThat(LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(company)))).as("LLM calls").hasSize(1);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM analyses a JOIN filings f ON f.id = a.filing_id WHERE f.accession_number = ?""",
                Integer.class, accession)).isEqualTo(1);

        // Later requests, by anyone, are answered from the pool at once.
        Reply later = postJson("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik));
        assertThat(later.status()).isEqualTo(200);
        assertThat(later.json().get("analysisId").asText()).isEqualTo(analysisIds.iterator().next());
    }

    @Test
    void answerOutsideTheSchemaGetsOneRepairCall() {
        long cik = 1000778;
        String company = "Repair Needed Corp";
        String accession = "0001000778-24-000001";
        serveCompany(cik, company, accession, "repair-10k.htm");
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .inScenario("repair").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(LlmStub.completion("Sure! Here is the analysis: {\"summary\": 42"))
                .willSetStateTo("repaired"));
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .inScenario("repair").whenScenarioStateIs("repaired")
                .willReturn(LlmStub.completion("```json\n" + LlmStub.NARRATIVE + "\n```")));

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        JsonNode doc = get("/api/v1/analyses/" + task.get("analysisId").asText()).json();
        assertThat(doc.get("narrative").get("outlook").asText()).contains("12 months");
        assertThat(doc.get("llm").get("inputTokens").asInt()).isEqualTo(2 * 1834);
        assertThat(jdbc.queryForObject("SELECT llm_calls FROM analyses WHERE id = ?::uuid", Integer.class,
                task.get("analysisId").asText())).isEqualTo(2);
        // The repair call showed the model what was wrong.
        String repair = LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(company))).get(1).getBodyAsString();
        assertThat(repair).contains("does not follow the schema", "not valid JSON");
    }

    @Test
    void answerOutsideTheSchemaTwiceFailsLlmFailedWithoutRetrying() {
        long cik = 1000779;
        String company = "Stubborn Model Corp";
        String accession = "0001000779-24-000001";
        serveCompany(cik, company, accession, "stubborn-10k.htm");
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .willReturn(LlmStub.completion("{\"summary\": \"fine\", \"keyRisks\": [], \"mood\": \"sunny\"}")));

        String taskId = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik));
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).isEqualTo("FAILED");
        assertThat(task.get("error").get("code").asText()).isEqualTo("LLM_FAILED");
        assertThat(storedError(task)).contains("unexpected field \"mood\"", "keyRisks");
        assertThat(history(taskId)).doesNotContain("RETRYING");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM analyses a JOIN filings f ON f.id = a.filing_id "
                + "WHERE f.accession_number = ?", Integer.class, accession)).as("no half-written analysis").isZero();
    }

    @Test
    void modelTimeoutRetriesAndTheNextAttemptCompletes() {
        long cik = 1000781;
        String company = "Slow Model Corp";
        serveCompany(cik, company, "0001000781-24-000001", "slowmodel-10k.htm");
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .inScenario("slow-model").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("quick")
                .willReturn(LlmStub.completion(LlmStub.NARRATIVE).withFixedDelay(3_000)));
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .inScenario("slow-model").whenScenarioStateIs("quick")
                .willReturn(LlmStub.completion(LlmStub.NARRATIVE)));

        String taskId = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik));
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForList("SELECT detail FROM task_transitions WHERE task_id = ?::uuid AND status = 'RETRYING'",
                String.class, taskId)).singleElement().asString().contains("LLM_FAILED", "did not answer within");
    }

    @Test
    void aQuarterlyReportIsNarratedFromItsMdaAndRiskFactorsInTheQuartersWording() {
        long cik = 1000782;
        String company = "Quarterly Only Corp";
        String accession = "0001000782-24-000005";
        EDGAR.submissions(cik, submissions(cik, company, accession, "q3-10q.htm")
                .replace("\"form\": [\"10-K\"]", "\"form\": [\"10-Q\"]"));
        EDGAR.document(cik, accession, "q3-10q.htm", EdgarStub.resource("documents/fixture-10q.htm"));

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d", "formType": "10-Q"}""".formatted(uniqueEmail(), cik)));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        JsonNode doc = get("/api/v1/analyses/" + task.get("analysisId").asText()).json();
        assertThat(doc.get("filing").get("formType").asText()).isEqualTo("10-Q");
        assertThat(doc.get("sections").has("I-2")).as(doc.get("sections").toString()).isTrue();
        assertThat(doc.get("narrative").get("summary").asText()).isNotBlank();
        assertThat(doc.get("llm").get("model").asText()).isNotBlank();
        // One call, made of the 10-Q's defaults (aperilex.llm.sections.ten-q: I-2, II-1A), worded for the quarter.
        List<LoggedRequest> calls = LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(company)));
        assertThat(calls).hasSize(1);
        String body = calls.get(0).getBodyAsString();
        assertThat(body).contains("a quarterly report on Form 10-Q", "=== Item I-2: Management",
                "Net sales grew 8% in the quarter", "=== Item II-1A: Risk Factors ===",
                "the business and the quarter").doesNotContain("A customer sued over a widget");
    }

    @Test
    void aFilingWithNoneOfItsFormsSectionsGetsFiguresButNoInventedNarrative() {
        long cik = 1000783;
        String company = "Itemless Current Report Corp";
        String accession = "0001000783-24-000005";
        EDGAR.submissions(cik, submissions(cik, company, accession, "event-8k.htm")
                .replace("\"form\": [\"10-K\"]", "\"form\": [\"8-K\"]"));
        // A current report of a cover page and a signature: no "Item N.NN" heading, nothing to narrate.
        EDGAR.document(cik, accession, "event-8k.htm", """
                <html><body><p>%s</p><p>FORM 8-K</p><p>CURRENT REPORT</p>
                <p>SIGNATURES</p><p>Pursuant to the requirements of the Securities Exchange Act of 1934 ...</p>
                </body></html>""".formatted(company));

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d", "formType": "8-K"}""".formatted(uniqueEmail(), cik)));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        JsonNode doc = get("/api/v1/analyses/" + task.get("analysisId").asText()).json();
        assertThat(doc.get("filing").get("formType").asText()).isEqualTo("8-K");
        assertThat(doc.get("facts").get("current").get("revenue").isNull()).as("no XBRL, no figure").isTrue();
        assertThat(doc.get("sections").size()).as(doc.get("sections").toString()).isZero();
        assertThat(doc.get("narrative").isNull()).isTrue();
        assertThat(doc.get("llm").isNull()).isTrue();
        assertThat(LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(company)))).isEmpty();
    }

    @Test
    void providerOutageRetriesThenFailsLlmFailed() {
        long cik = 1000780;
        String company = "Model Outage Corp";
        String accession = "0001000780-24-000001";
        serveCompany(cik, company, accession, "outage-10k.htm");
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .willReturn(aResponse().withStatus(503).withBody("{\"error\": {\"message\": \"overloaded\"}}")));

        String taskId = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik));
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).isEqualTo("FAILED");
        assertThat(task.get("error").get("code").asText()).isEqualTo("LLM_FAILED");
        assertThat(history(taskId).stream().filter(s -> s.startsWith("RETRYING")).count()).isEqualTo(2);
        // The filing was fetched once and read back from storage on the retries.
        assertThat(EDGAR.requests(EdgarStub.archivesPath(cik, accession, "outage-10k.htm"))).hasSize(1);
    }
}
