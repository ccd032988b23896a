package com.aperilex.flow.pipeline;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.stubs.LlmStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Single flight covers failures too: when a filing's analysis fails, the tasks waiting on the filing share the
 * failure (permanent) or wait behind one retry of the filing (transient) instead of each calling the model
 * again. PipelineTestSupport runs with aperilex.worker.retry.max-attempts=3.
 */
@TestPropertySource(properties = "aperilex.analysis.failure-hold=3s")
class FailureSingleFlightTest extends PipelineTestSupport {
    private static final int USERS = 10;
    private static final int REQUESTS_EACH = 3;

    @Test
    void aModelAnsweringHttp500IsCalledOncePerFilingAttemptNotOncePerTask() throws Exception {
        long cik = 1000791;
        String company = "Failing Flight Corp";
        serveCompany(cik, company, "0001000791-24-000001", "failflight-10k.htm");
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"message\": \"The server had an error\", \"type\": \"server_error\"}}")));

        List<JsonNode> tasks = tenUsersThreeRequestsEach(cik);

        int calls = modelCalls(company);
        System.out.printf("failure single flight (HTTP 500): %d tasks, %d model calls%n", tasks.size(), calls);
        assertThat(calls).as("model calls for the filing").isBetween(1, 3);
        assertAllFailedLlmFailed(tasks);
        Map<String, Object> failure = jdbc.queryForMap("""
                SELECT af.permanent, af.attempts, af.error_code FROM analysis_failures af
                JOIN filings f ON f.id = af.filing_id WHERE f.cik = ?""", cik);
        assertThat(failure).containsEntry("permanent", true).containsEntry("attempts", 3)
                .containsEntry("error_code", "LLM_FAILED");
        // A task that only waited behind the filing's retry did not spend its own attempts doing so.
        for (JsonNode task : tasks) {
            String id = task.get("taskId").asText();
            assertThat(jdbc.queryForObject("SELECT attempts - filing_waits FROM tasks WHERE id = ?::uuid",
                    Integer.class, id)).as("own attempts of %s", id).isBetween(0, 3);
        }
    }

    @Test
    void aModelAnsweringOutsideTheSchemaIsCalledOnceAndRepairedOnceForAllTasks() throws Exception {
        long cik = 1000792;
        String company = "Stubborn Flight Corp";
        serveCompany(cik, company, "0001000792-24-000001", "stubbornflight-10k.htm");
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .willReturn(LlmStub.completion("{\"summary\": \"fine\", \"keyRisks\": [], \"mood\": \"sunny\"}")));

        List<JsonNode> tasks = tenUsersThreeRequestsEach(cik);

        int calls = modelCalls(company);
        System.out.printf("failure single flight (outside the schema): %d tasks, %d model calls%n", tasks.size(),
                calls);
        assertThat(calls).as("model calls for the filing: one and its repair").isBetween(1, 2);
        assertAllFailedLlmFailed(tasks);
        for (JsonNode task : tasks) {
            assertThat(history(task.get("taskId").asText())).as("a permanent failure is not retried")
                    .doesNotContain("RETRYING");
        }
    }

    @Test
    void afterOneTransientFailureEveryTaskCompletesFromTheFilingsOneRetry() throws Exception {
        long cik = 1000793;
        String company = "Recovering Flight Corp";
        serveCompany(cik, company, "0001000793-24-000001", "recoverflight-10k.htm");
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .inScenario("recovering").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(500).withBody("{\"error\": {\"message\": \"hiccup\"}}")));
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .inScenario("recovering").whenScenarioStateIs("recovered")
                .willReturn(LlmStub.completion(LlmStub.NARRATIVE)));

        List<JsonNode> tasks = tenUsersThreeRequestsEach(cik);

        int calls = modelCalls(company);
        System.out.printf("failure single flight (one HTTP 500, then answers): %d tasks, %d model calls%n",
                tasks.size(), calls);
        assertThat(calls).as("the failed call and the filing's one retry").isEqualTo(2);
        Set<String> analyses = new LinkedHashSet<>();
        for (JsonNode task : tasks) {
            assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
            analyses.add(task.get("analysisId").asText());
        }
        assertThat(analyses).hasSize(1);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM analysis_failures af JOIN filings f ON f.id = af.filing_id WHERE f.cik = ?""",
                Integer.class, cik)).as("the success cleared the filing's failure").isZero();
    }

    @Test
    void aPermanentFailureAnswersNewRequestsDuringTheHoldThenANewRequestTriesAgain() {
        long cik = 1000794;
        String company = "Held Failure Corp";
        serveCompany(cik, company, "0001000794-24-000001", "heldfailure-10k.htm");
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .willReturn(LlmStub.completion("{\"summary\": \"fine\", \"keyRisks\": [], \"mood\": \"sunny\"}")));
        String request = "{\"email\": \"%s\", \"cik\": \"" + cik + "\"}";

        JsonNode first = awaitFinished(submit(request.formatted(uniqueEmail())));
        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("FAILED");
        int afterFirst = modelCalls(company);
        assertThat(afterFirst).as("one call and its repair").isBetween(1, 2);

        // Asked after the failure, inside aperilex.analysis.failure-hold (3 s here): the failure is the answer.
        JsonNode held = awaitFinished(submit(request.formatted(uniqueEmail())));
        assertThat(storedError(held)).as(held.toString()).startsWith("shared failure");
        assertThat(modelCalls(company)).as("no call during the hold").isEqualTo(afterFirst);

        // After the hold a new request makes a fresh attempt (an outage must not refuse the filing all day).
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("""
                SELECT af.failed_at < now() - interval '3 seconds' FROM analysis_failures af
                JOIN filings f ON f.id = af.filing_id WHERE f.cik = ?""", Boolean.class, cik));
        JsonNode fresh = awaitFinished(submit(request.formatted(uniqueEmail())));
        assertThat(fresh.get("status").asText()).as(fresh.toString()).isEqualTo("FAILED");
        assertThat(storedError(fresh)).doesNotStartWith("shared failure");
        assertThat(modelCalls(company) - afterFirst).as("the fresh attempt: one call and its repair").isBetween(1, 2);
    }

    /** Ten users each POST the same request three times at once; returns every task's final view. */
    private List<JsonNode> tenUsersThreeRequestsEach(long cik) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(USERS * REQUESTS_EACH);
        Set<String> taskIds = new LinkedHashSet<>();
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                String email = uniqueEmail();
                for (int r = 0; r < REQUESTS_EACH; r++) {
                    replies.add(pool.submit(() -> {
                        start.await();
                        return postJson("""
                                {"email": "%s", "cik": "%d", "formType": "10-K"}""".formatted(email, cik));
                    }));
                }
            }
            start.countDown();
            for (Future<Reply> future : replies) {
                Reply reply = future.get();
                assertThat(reply.status()).as(reply.body()).isEqualTo(202);
                taskIds.add(reply.json().get("taskId").asText());
            }
        } finally {
            pool.shutdownNow();
        }
        // One task per user (their three requests are one), unless a user's later request came after their task
        // had already failed, which frees the request to make a new task.
        assertThat(taskIds).hasSizeBetween(USERS, USERS * REQUESTS_EACH);
        List<JsonNode> finished = new ArrayList<>();
        for (String taskId : taskIds) {
            finished.add(awaitFinished(taskId));
        }
        return finished;
    }

    private void assertAllFailedLlmFailed(List<JsonNode> tasks) {
        int shared = 0;
        for (JsonNode task : tasks) {
            assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("FAILED");
            assertThat(task.get("error").get("code").asText()).as(task.toString()).isEqualTo("LLM_FAILED");
            String stored = storedError(task);
            assertThat(stored).as(task.toString()).isNotBlank();
            if (stored.startsWith("shared failure")) {
                shared++;
            }
        }
        assertThat(shared).as("tasks that ended with the failure another task met").isGreaterThanOrEqualTo(1);
    }

    private int modelCalls(String company) {
        return LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(company))).size();
    }
}
