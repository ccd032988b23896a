package com.aperilex.flow.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.aperilex.flow.stubs.LlmStub;
import com.aperilex.flow.storage.DocumentStorage;
import com.aperilex.flow.storage.StorageKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The narrative is recorded before the analysis row: a run whose write fails after the paid model call (as a
 * worker dying between narrate and write would) leaves the stored narrative and the OK llm_calls row naming it,
 * and the next run completes the analysis from it without calling the model again.
 */
class NarrativeRecordedFirstTest extends PipelineTestSupport {
    @Autowired
    DocumentStorage storage;

    @Test
    void aRunThatDiesBetweenTheNarrativeAndTheAnalysisRowIsCompletedWithoutANewModelCall() throws Exception {
        long cik = 1000811;
        String company = "Crashed Writer Corp";
        serveCompany(cik, company, "0001000811-24-000001", "crashedwriter-10k.htm");
        // The analyses row of this company's filing fails once, after the narrative was paid for and recorded.
        jdbc.execute("CREATE SEQUENCE IF NOT EXISTS narrative_first_crashes");
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION narrative_first_crash() RETURNS trigger AS $$
                BEGIN
                  IF NEW.filing_id = (SELECT id FROM filings WHERE cik = 1000811)
                     AND nextval('narrative_first_crashes') = 1 THEN
                    RAISE EXCEPTION 'simulated crash between the narrative and the analysis row';
                  END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""");
        jdbc.execute("CREATE TRIGGER narrative_first_crash BEFORE INSERT ON analyses FOR EACH ROW "
                + "EXECUTE FUNCTION narrative_first_crash()");
        JsonNode task;
        String taskId;
        try {
            taskId = submit("""
                    {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik));
            task = awaitFinished(taskId);
        } finally {
            jdbc.execute("DROP TRIGGER narrative_first_crash ON analyses");
            jdbc.execute("DROP FUNCTION narrative_first_crash()");
        }

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(history(taskId)).as("the first write failed, a retry completed").anyMatch(h -> h.startsWith("RETRYING"));
        assertThat(jdbc.queryForObject("SELECT last_value FROM narrative_first_crashes", Long.class))
                .as("the analyses row was tried twice").isGreaterThanOrEqualTo(2);
        // One model call in all: the retry reused the recorded narrative.
        assertThat(LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(company)))).hasSize(1);
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT * FROM llm_calls WHERE filing_id = (SELECT id FROM filings WHERE cik = ?) ORDER BY id""", cik);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("outcome", "OK").containsEntry("task_id",
                java.util.UUID.fromString(taskId));
        String key = (String) rows.get(0).get("answer_storage_key");
        assertThat(key).matches("narratives/0001000811/0001000811-24-000001/v\\d+/" + LlmStub.MODEL + "\\.json");
        JsonNode stored = new ObjectMapper().readTree(storage.get(new StorageKey(key)).orElseThrow());
        assertThat(stored.get("narrative").get("summary").asText())
                .isEqualTo(new ObjectMapper().readTree(LlmStub.NARRATIVE).get("summary").asText());

        // The analysis carries that narrative and what its one call cost.
        JsonNode analysis = get("/api/v1/analyses/" + task.get("analysisId").asText()).json();
        assertThat(analysis.get("narrative").get("summary").asText())
                .isEqualTo(stored.get("narrative").get("summary").asText());
        assertThat(analysis.get("llm").get("inputTokens").asInt()).isEqualTo(rows.get(0).get("input_tokens"));
        assertThat(analysis.get("llm").get("outputTokens").asInt()).isEqualTo(rows.get(0).get("output_tokens"));
        System.out.printf("narrative recorded first: write failed once, %d model call(s), answer at %s%n",
                rows.size(), key);
    }

    @Test
    void aNormalRunRecordsTheAnswersKeyOnItsOkCall() {
        long cik = 1000812;
        serveCompany(cik, "Recorded Answer Corp", "0001000812-24-000001", "recordedanswer-10k.htm");
        String taskId = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik));
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT outcome, answer_storage_key FROM llm_calls WHERE task_id = ?::uuid", taskId);
        assertThat(rows).hasSize(1);
        String key = (String) rows.get(0).get("answer_storage_key");
        assertThat(key).startsWith("narratives/0001000812/");
        assertThat(storage.exists(new StorageKey(key))).isTrue();
    }
}
