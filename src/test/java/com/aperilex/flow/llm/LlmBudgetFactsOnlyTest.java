package com.aperilex.flow.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With the budget used up and on-budget-exhausted=facts-only, tasks complete with figures and no narrative. */
@TestPropertySource(properties = {
        "aperilex.llm.daily-budget-usd=0",
        "aperilex.llm.on-budget-exhausted=facts-only"
})
class LlmBudgetFactsOnlyTest extends PipelineTestSupport {

    @Test
    void theTaskCompletesWithFactsAndANullNarrativeWithoutCallingTheModel() {
        long cik = 1003012;
        String company = "Facts Only Corp";
        serveCompany(cik, company, "0001003012-24-000001", "factsonly-10k.htm");

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        JsonNode doc = get("/api/v1/analyses/" + task.get("analysisId").asText()).json();
        assertThat(doc.get("narrative").isNull()).isTrue();
        assertThat(doc.get("llm").isNull()).isTrue();
        assertThat(doc.get("facts").get("current").get("revenue").toString()).isEqualTo("391035000000");
        assertThat(doc.get("sections").isEmpty()).isFalse();
        assertThat(LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(company)))).isEmpty();
    }

    @Test
    void aFactsOnlyAnalysisIsNotPooledAsTheModelsAndIsReusedNotDuplicated() {
        long cik = 1003013;
        String company = "Facts Only Twice Corp";
        String accession = "0001003013-24-000001";
        serveCompany(cik, company, accession, "factsonly2-10k.htm");

        JsonNode first = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)));
        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("COMPLETED");
        String analysisId = first.get("analysisId").asText();
        assertThat(jdbc.queryForObject("SELECT llm_model FROM analyses WHERE id = ?::uuid", String.class, analysisId))
                .as("recorded under the no-model key, not the model's").isEqualTo("none");

        // Not a 200 from the pool as if it were the model's analysis: a task, which reuses the facts-only row.
        Reply again = postJson("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik));
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        JsonNode second = awaitFinished(again.json().get("taskId").asText());
        assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("COMPLETED");
        assertThat(second.get("analysisId").asText()).isEqualTo(analysisId);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM analyses a JOIN filings f ON f.id = a.filing_id WHERE f.accession_number = ?""",
                Integer.class, accession)).isEqualTo(1);
    }
}
