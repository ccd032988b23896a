package com.aperilex.flow.pipeline;

import static org.awaitility.Awaitility.await;

import com.aperilex.flow.ServiceTestSupport;
import com.aperilex.flow.stubs.EdgarStub;
import com.aperilex.flow.stubs.LlmStub;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole service with its worker pipeline against stubs of the two services it cannot reach from
 * here: SEC EDGAR and an OpenAI-compatible LLM. Retries are quick so transient faults play out in seconds.
 */
@TestPropertySource(properties = {
        "aperilex.worker.retry.initial-backoff=200ms",
        "aperilex.worker.retry.max-backoff=1s",
        "aperilex.worker.retry.max-attempts=3",
        "aperilex.worker.retry-sweep-interval=250ms",
        "aperilex.edgar.response-timeout-ms=1500",
        "aperilex.llm.provider=openai",
        "aperilex.llm.timeout=1500ms",
        "aperilex.llm.model=" + LlmStub.MODEL,
        "APERILEX_LLM_API_KEY=" + LlmStub.API_KEY,
        "aperilex.llm.prices[gpt-4o-mini].input-per-million=0.15",
        "aperilex.llm.prices[gpt-4o-mini].output-per-million=0.60"
})
public abstract class PipelineTestSupport extends ServiceTestSupport {
    protected static final EdgarStub EDGAR = EdgarStub.shared();
    protected static final LlmStub LLM = LlmStub.shared();

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        registry.add("aperilex.edgar.www-url", EDGAR::baseUrl);
        registry.add("aperilex.edgar.data-url", EDGAR::baseUrl);
        registry.add("aperilex.llm.base-url", LLM::baseUrl);
    }

    /** A submissions document in data.sec.gov's shape listing one 10-K. */
    public static String submissions(long cik, String name, String accession, String document) {
        return """
                {"cik": "%d", "entityType": "operating", "name": "%s", "tickers": [], "exchanges": [],
                 "filings": {"recent": {"accessionNumber": ["%s"], "filingDate": ["2024-02-20"],
                   "reportDate": ["2023-12-31"], "acceptanceDateTime": ["2024-02-20T16:05:12.000Z"], "act": ["34"],
                   "form": ["10-K"], "fileNumber": ["001-00001"], "filmNumber": ["24000001"], "items": [""],
                   "size": [1000000], "isXBRL": [1], "isInlineXBRL": [1], "primaryDocument": ["%s"],
                   "primaryDocDescription": ["10-K"]},
                  "files": []}}""".formatted(cik, name, accession, document);
    }

    /** EDGAR lists one 10-K for the company and serves it: the fixture document with the company's name. */
    protected static void serveCompany(long cik, String company, String accession, String document) {
        EDGAR.submissions(cik, submissions(cik, company, accession, document));
        EDGAR.document(cik, accession, document, EdgarStub.fixtureDocument(company));
    }

    /** Submits a request and returns its task id. */
    protected String submit(String json) {
        Reply reply = postJson(json);
        if (reply.status() != 202) {
            throw new AssertionError("expected 202, got " + reply.status() + ": " + reply.body());
        }
        return reply.json().get("taskId").asText();
    }

    /** Waits until the task is COMPLETED or FAILED and returns its view. */
    protected JsonNode awaitFinished(String taskId) {
        return awaitFinished(taskId, Duration.ofSeconds(60));
    }

    protected JsonNode awaitFinished(String taskId, Duration atMost) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = get("/api/v1/tasks/" + taskId).json();
            String status = last[0].get("status").asText();
            return status.equals("COMPLETED") || status.equals("FAILED");
        });
        return last[0];
    }

    /** The task's recorded history as "STATUS" or "STATUS/ANALYSIS_STATUS", in order. */
    protected List<String> history(String taskId) {
        return jdbc.queryForList("""
                SELECT status || COALESCE('/' || analysis_status, '') FROM task_transitions
                WHERE task_id = ?::uuid ORDER BY id""", String.class, taskId);
    }

    /**
     * The error detail stored on a task's row for operators (exception text, URLs); the task view shows only
     * its code's fixed sentence, which this also checks.
     */
    protected String storedError(JsonNode task) {
        JsonNode error = task.get("error");
        org.assertj.core.api.Assertions.assertThat(error.get("message").asText()).as(task.toString())
                .isEqualTo(com.aperilex.flow.domain.ErrorCode.valueOf(error.get("code").asText()).publicMessage());
        return jdbc.queryForObject("SELECT error_message FROM tasks WHERE id = ?::uuid", String.class,
                task.get("taskId").asText());
    }
}
