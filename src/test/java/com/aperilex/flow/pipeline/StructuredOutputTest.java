package com.aperilex.flow.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.stubs.LlmStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Structured output from the narrative's one schema against the OpenAI-compatible stub: a server without
 * json_schema support is asked with json_object instead, remembered for the next task; an answer that
 * drifts harmlessly is normalised, one that misses a field is repaired.
 *
 * <p>Its own Spring context (the json-mode property, set to its default, makes it one), so the client's
 * remembered step down cannot reach the other pipeline tests sharing the stub.
 */
@TestPropertySource(properties = "aperilex.llm.json-mode=true")
class StructuredOutputTest extends PipelineTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How an OpenAI-compatible server without structured output refuses the request (LiteLLM, older vLLM). */
    private static final String JSON_SCHEMA_UNSUPPORTED = """
            {"error": {"message": "response_format type 'json_schema' is not supported by this model",
              "type": "invalid_request_error", "param": "response_format", "code": null}}""";

    private static List<LoggedRequest> modelCalls(String company) {
        return LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(company)));
    }

    private static String responseFormat(LoggedRequest request) {
        try {
            JsonNode type = JSON.readTree(request.getBodyAsString()).path("response_format").path("type");
            return type.isTextual() ? type.textValue() : "none";
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Answers 400 to json_schema requests about the company, and the narrative to any other request. */
    private static void refuseJsonSchemaFor(String company) {
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_schema")))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(JSON_SCHEMA_UNSUPPORTED)));
        LLM.server().stubFor(LlmStub.chat().atPriority(2).withRequestBody(containing(company))
                .willReturn(LlmStub.completion(LlmStub.NARRATIVE)));
    }

    @Test
    void aServerRefusingJsonSchemaCompletesWithJsonObjectAndTheNextTaskAsksForJsonObjectAtOnce() {
        long firstCik = 1000861;
        String first = "Schemaless Server Corp";
        serveCompany(firstCik, first, "0001000861-24-000001", "schemaless-10k.htm");
        refuseJsonSchemaFor(first);
        long secondCik = 1000862;
        String second = "Schemaless Again Corp";
        serveCompany(secondCik, second, "0001000862-24-000001", "schemaless2-10k.htm");
        refuseJsonSchemaFor(second);

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), firstCik)));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(modelCalls(first)).extracting(StructuredOutputTest::responseFormat)
                .as("json_schema refused, json_object answered").containsExactlyInAnyOrder("json_schema", "json_object");
        JsonNode doc = get("/api/v1/analyses/" + task.get("analysisId").asText()).json();
        assertThat(doc.get("narrative").get("keyRisks").get(0).get("severity").asText()).isEqualTo("high");
        // The refused request is not an answer: the analysis counts the one call that produced it.
        assertThat(doc.get("llm").get("inputTokens").asInt()).isEqualTo(1834);
        assertThat(jdbc.queryForObject("SELECT llm_calls FROM analyses WHERE id = ?::uuid", Integer.class,
                task.get("analysisId").asText())).isEqualTo(1);

        // Remembered: the next task's request asks for json_object straight away.
        JsonNode next = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), secondCik)));
        assertThat(next.get("status").asText()).as(next.toString()).isEqualTo("COMPLETED");
        assertThat(modelCalls(second)).extracting(StructuredOutputTest::responseFormat)
                .as("no json_schema attempt").containsExactly("json_object");
    }

    @Test
    void aMissingFieldIsRepairedWithTheValidatorsMessageInTwoCalls() {
        long cik = 1000863;
        String company = "Forgetful Model Corp";
        serveCompany(cik, company, "0001000863-24-000001", "forgetful-10k.htm");
        String withoutOutlook = LlmStub.NARRATIVE.replaceAll(
                ",\\s*\"outlook\": \"Cash and operating cash flow are expected to cover the next 12 months.\"", "");
        assertThat(withoutOutlook).doesNotContain("outlook");
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .inScenario("forgetful").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(LlmStub.completion(withoutOutlook)).willSetStateTo("reminded"));
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .inScenario("forgetful").whenScenarioStateIs("reminded")
                .willReturn(LlmStub.completion(LlmStub.NARRATIVE)));

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        JsonNode doc = get("/api/v1/analyses/" + task.get("analysisId").asText()).json();
        assertThat(doc.get("narrative").get("outlook").asText()).contains("12 months");
        assertThat(jdbc.queryForObject("SELECT llm_calls FROM analyses WHERE id = ?::uuid", Integer.class,
                task.get("analysisId").asText())).isEqualTo(2);
        List<LoggedRequest> calls = modelCalls(company);
        assertThat(calls).hasSize(2);
        // WireMock lists the newest request first: the repair turn carries the validator's message.
        assertThat(calls).anySatisfy(call -> assertThat(call.getBodyAsString())
                .contains("does not follow the schema", "$: required property 'outlook' not found"));
    }

    @Test
    void harmlessDriftIsNormalisedWithoutARepairCall() {
        long cik = 1000864;
        String company = "Shouting Model Corp";
        serveCompany(cik, company, "0001000864-24-000001", "shouting-10k.htm");
        String drifted = "```json\n" + LlmStub.NARRATIVE.replace("\"severity\": \"high\"", "\"severity\": \"HIGH\"")
                .replace("\"severity\": \"medium\"", "\"severity\": \" Medium \"") + "\n```";
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .willReturn(LlmStub.completion(drifted)));

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        JsonNode risks = get("/api/v1/analyses/" + task.get("analysisId").asText()).json()
                .get("narrative").get("keyRisks");
        assertThat(risks.get(0).get("severity").asText()).isEqualTo("high");
        assertThat(risks.get(1).get("severity").asText()).isEqualTo("medium");
        assertThat(modelCalls(company)).hasSize(1);
    }
}
