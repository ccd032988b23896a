package com.aperilex.flow.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.stubs.LlmStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The anthropic provider end to end against a stub answering in the Messages API's recorded wire format:
 * the narrative comes back as the forced tool's input; a rate limit (429 with retry-after) is retried, a
 * refused key (401) fails the task at once.
 */
@TestPropertySource(properties = {
        "aperilex.llm.provider=anthropic",
        "aperilex.llm.model=" + AnthropicProviderTest.MODEL,
        "aperilex.llm.prices[claude-3-5-haiku-latest].input-per-million=0.80",
        "aperilex.llm.prices[claude-3-5-haiku-latest].output-per-million=4.00"
})
class AnthropicProviderTest extends PipelineTestSupport {
    static final String MODEL = "claude-3-5-haiku-latest";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MappingBuilder messages(String company) {
        return post(urlEqualTo("/v1/messages")).atPriority(1).withRequestBody(containing(company));
    }

    private static List<LoggedRequest> modelCalls(String company) {
        return LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/messages")).withRequestBody(containing(company)));
    }

    /** A 200 message whose one content block is the forced tool's call with {@code narrative} as its input. */
    private static ResponseDefinitionBuilder toolUse(String narrative) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "msg_01XFDUDYJgAACzvnptvVoYEL").put("type", "message").put("role", "assistant")
                .put("model", "claude-3-5-haiku-20241022");
        ObjectNode block = body.putArray("content").addObject();
        block.put("type", "tool_use").put("id", "toolu_01A09q90qw90lq917835lq9").put("name", "narrative");
        block.set("input", JSON.readTree(narrative));
        body.put("stop_reason", "tool_use").putNull("stop_sequence");
        body.putObject("usage").put("input_tokens", 1834).put("output_tokens", 212)
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("request-id", "req_018EeWyXxfu5pfWkrYcMdjWG").withBody(body.toString());
    }

    private static ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"type\": \"error\", \"error\": {\"type\": \"%s\", \"message\": \"%s\"}}"
                        .formatted(type, message));
    }

    @Test
    void theNarrativeIsTheForcedToolsInput() throws Exception {
        long cik = 1000871;
        String company = "Messages Api Corp";
        serveCompany(cik, company, "0001000871-24-000001", "messages-10k.htm");
        LLM.server().stubFor(messages(company).willReturn(toolUse(LlmStub.NARRATIVE)));

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)));

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        JsonNode doc = get("/api/v1/analyses/" + task.get("analysisId").asText()).json();
        assertThat(doc.at("/llm/provider").asText()).isEqualTo("anthropic");
        assertThat(doc.at("/llm/model").asText()).isEqualTo(MODEL);
        assertThat(doc.at("/llm/inputTokens").asInt()).isEqualTo(1834);
        assertThat(doc.at("/narrative/summary").asText()).startsWith("The company sells devices");
        assertThat(doc.at("/narrative/keyRisks/0/severity").asText()).isEqualTo("high");
        List<LoggedRequest> calls = modelCalls(company);
        assertThat(calls).hasSize(1);
        LoggedRequest call = calls.get(0);
        assertThat(call.getHeader("x-api-key")).isEqualTo(LlmStub.API_KEY);
        assertThat(call.getHeader("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(call.containsHeader("Authorization")).isFalse();
        JsonNode request = JSON.readTree(call.getBodyAsString());
        assertThat(request.get("model").asText()).isEqualTo(MODEL);
        assertThat(request.get("system").asText()).isNotBlank();
        assertThat(request.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(request.at("/tools/0/name").asText()).isEqualTo("narrative");
        assertThat(request.at("/tools/0/input_schema/properties/keyRisks").isObject()).isTrue();
        assertThat(request.at("/tool_choice/type").asText()).isEqualTo("tool");
        assertThat(request.at("/tool_choice/name").asText()).isEqualTo("narrative");
    }

    @Test
    void aRateLimitIsRetriedAndThenAnswers() throws Exception {
        long cik = 1000872;
        String company = "Rate Limited Messages Corp";
        serveCompany(cik, company, "0001000872-24-000001", "ratelimited-10k.htm");
        LLM.server().stubFor(messages(company).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(429, "rate_limit_error",
                        "Number of request tokens has exceeded your per-minute rate limit")
                        .withHeader("retry-after", "1")
                        .withHeader("anthropic-ratelimit-requests-remaining", "0"))
                .willSetStateTo("allowed"));
        LLM.server().stubFor(messages(company).inScenario("limited").whenScenarioStateIs("allowed")
                .willReturn(toolUse(LlmStub.NARRATIVE)));

        String taskId = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik));
        JsonNode task = awaitFinished(taskId);

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(history(taskId)).anyMatch(s -> s.startsWith("RETRYING"));
        assertThat(modelCalls(company)).hasSize(2);
    }

    @Test
    void aRefusedKeyFailsTheTaskWithoutRetrying() {
        long cik = 1000873;
        String company = "Refused Key Messages Corp";
        serveCompany(cik, company, "0001000873-24-000001", "refusedkey-10k.htm");
        LLM.server().stubFor(messages(company).willReturn(error(401, "authentication_error", "invalid x-api-key")));

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)));

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("FAILED");
        assertThat(task.at("/error/code").asText()).isEqualTo("LLM_FAILED");
        assertThat(modelCalls(company)).hasSize(1);
    }
}
