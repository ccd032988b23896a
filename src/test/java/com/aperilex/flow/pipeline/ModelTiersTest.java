package com.aperilex.flow.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Model quality tiers: each tier is its own provider and model with its own pooled analysis of a filing; a
 * pooled answer only ever comes from the requested tier's model.
 */
@TestPropertySource(properties = {
        "aperilex.llm.tiers.small.provider=openai",
        "aperilex.llm.tiers.small.model=gpt-4o-mini",
        "aperilex.llm.tiers.medium.provider=openai",
        "aperilex.llm.tiers.medium.model=gpt-4o-mini",
        "aperilex.llm.tiers.large.provider=openai",
        "aperilex.llm.tiers.large.model=gpt-4o",
        "aperilex.llm.prices[gpt-4o].input-per-million=2.50",
        "aperilex.llm.prices[gpt-4o].output-per-million=10.00"
})
class ModelTiersTest extends PipelineTestSupport {

    @Test
    void eachTierMakesItsOwnAnalysisAndThePoolAnswersOnlyFromTheRequestedTier() {
        long cik = 1000901;
        String company = "Two Tier Corp";
        String accession = "0001000901-24-000001";
        serveCompany(cik, company, accession, "tiers-10k.htm");
        String email = uniqueEmail();

        JsonNode small = awaitFinished(submit("""
                {"email": "%s", "cik": "%d", "modelTier": "small"}""".formatted(email, cik)));
        assertThat(small.get("status").asText()).as(small.toString()).isEqualTo("COMPLETED");
        assertThat(small.get("request").get("modelTier").asText()).isEqualTo("small");
        // The same person, the same filing, another tier: another task (not deduplicated), not the pooled one.
        JsonNode large = awaitFinished(submit("""
                {"email": "%s", "cik": "%d", "modelTier": "large"}""".formatted(email, cik)));
        assertThat(large.get("status").asText()).as(large.toString()).isEqualTo("COMPLETED");
        assertThat(large.get("request").get("modelTier").asText()).isEqualTo("large");
        String smallId = small.get("analysisId").asText();
        String largeId = large.get("analysisId").asText();
        assertThat(largeId).isNotEqualTo(smallId);

        // One call each, each recorded with its model and tier; each analysis recorded with its model.
        assertThat(LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(company)))).as("LLM calls").hasSize(2);
        List<Map<String, Object>> calls = jdbc.queryForList("""
                SELECT c.model, c.tier FROM llm_calls c JOIN filings f ON f.id = c.filing_id
                WHERE f.accession_number = ? ORDER BY c.id""", accession);
        assertThat(calls).containsExactly(Map.of("model", "gpt-4o-mini", "tier", "small"),
                Map.of("model", "gpt-4o", "tier", "large"));
        assertThat(jdbc.queryForObject("SELECT llm_model FROM analyses WHERE id = ?::uuid", String.class, smallId))
                .isEqualTo("gpt-4o-mini");
        assertThat(jdbc.queryForObject("SELECT llm_model FROM analyses WHERE id = ?::uuid", String.class, largeId))
                .isEqualTo("gpt-4o");
        assertThat(get("/api/v1/analyses/" + largeId).json().get("llm").get("costUsd").isNull()).isFalse();

        // Repeated requests are answered from the pool, each from its own tier, never another's.
        Reply repeatedLarge = postJson("""
                {"email": "%s", "cik": "%d", "modelTier": "large"}""".formatted(uniqueEmail(), cik));
        assertThat(repeatedLarge.status()).as(repeatedLarge.body()).isEqualTo(200);
        assertThat(repeatedLarge.json().get("analysisId").asText()).isEqualTo(largeId);
        Reply defaultTier = postJson("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik));
        assertThat(defaultTier.status()).as(defaultTier.body()).isEqualTo(200);
        assertThat(defaultTier.json().get("analysisId").asText()).isEqualTo(smallId);
        // medium is configured on small's model: the pool is keyed by model, so it is small's analysis.
        Reply medium = postJson("""
                {"email": "%s", "cik": "%d", "modelTier": "medium"}""".formatted(uniqueEmail(), cik));
        assertThat(medium.status()).as(medium.body()).isEqualTo(200);
        assertThat(medium.json().get("analysisId").asText()).isEqualTo(smallId);
        assertThat(LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(company)))).as("LLM calls").hasSize(2);
    }

    @Test
    void anUnknownTierIsRejectedNamingTheField() {
        for (String tier : new String[] {"\"huge\"", "\"Large\"", "3"}) {
            Reply reply = postJson("""
                    {"email": "%s", "cik": "320193", "modelTier": %s}""".formatted(uniqueEmail(), tier));
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.json().get("errors").get(0).get("field").asText()).isEqualTo("modelTier");
            assertThat(reply.json().get("detail").asText()).contains("modelTier");
        }
    }
}
