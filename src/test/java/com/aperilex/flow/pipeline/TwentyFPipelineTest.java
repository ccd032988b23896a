package com.aperilex.flow.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A foreign private issuer's annual report through REST: IFRS figures in the currency it reports (euros, never
 * converted), its items with lettered sub-items, and a narrative made of Items 3 and 5.
 */
class TwentyFPipelineTest extends PipelineTestSupport {

    @Test
    void aTwentyFIsReadInItsOwnCurrencyAndNarratedFromItems3And5() {
        long cik = 1000973;
        String company = "Europa Logistik N.V.";
        String accession = "0001000973-25-000002";
        EDGAR.submissions(cik, submissions(cik, company, accession, "annual-20f.htm")
                .replace("\"form\": [\"10-K\"]", "\"form\": [\"20-F\"]"));
        EDGAR.document(cik, accession, "annual-20f.htm", EdgarStub.resource("documents/fixture-20f.htm"));

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d", "formType": "20-F"}""".formatted(uniqueEmail(), cik)));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        JsonNode doc = get("/api/v1/analyses/" + task.get("analysisId").asText()).json();

        assertThat(doc.get("schemaVersion").asInt()).isEqualTo(2);
        JsonNode facts = doc.get("facts");
        assertThat(facts.get("currency").asText()).isEqualTo("EUR");
        assertThat(facts.get("periodEnd").asText()).isEqualTo("2024-12-31");
        assertThat(facts.at("/current/revenue").toString()).isEqualTo("43862000");
        assertThat(facts.at("/current/netIncome").toString()).as("the parent's owners' share").isEqualTo("-18900000");
        assertThat(facts.at("/current/stockholdersEquity").toString()).isEqualTo("200454000");
        assertThat(facts.at("/prior/revenue").toString()).isEqualTo("39436000");
        assertThat(facts.get("periods").size()).isZero();
        assertThat(doc.get("sections").fieldNames()).toIterable().containsSubsequence("1", "3", "3.D", "4", "5");

        List<LoggedRequest> calls = LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(company)));
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getBodyAsString()).contains("the annual report of a foreign private issuer on Form 20-F",
                "=== Item 3: KEY INFORMATION ===", "=== Item 5: OPERATING AND FINANCIAL REVIEW AND PROSPECTS ===",
                "We may need to raise more capital").doesNotContain("=== Item 4");
        assertThat(doc.get("narrative").get("summary").asText()).isNotBlank();
    }
}
