package com.aperilex.flow.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.stubs.LlmStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The azure-openai provider end to end: the chat-completions wire format at the deployment's URL with the
 * api-version and an api-key header; Azure's 429 (its error body and retry-after) is retried.
 */
@TestPropertySource(properties = {
        "aperilex.llm.provider=azure-openai",
        "aperilex.llm.azure.deployment=narrator",
        "aperilex.llm.azure.api-version=2024-10-21"
})
class AzureOpenAiProviderTest extends PipelineTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/openai/deployments/narrator/chat/completions";

    @DynamicPropertySource
    static void azure(DynamicPropertyRegistry registry) {
        registry.add("aperilex.llm.azure.endpoint", () -> "http://127.0.0.1:" + LLM.server().port());
    }

    private static MappingBuilder deployment(String company) {
        return post(urlPathEqualTo(PATH)).atPriority(1).withQueryParam("api-version", equalTo("2024-10-21"))
                .withRequestBody(containing(company));
    }

    private static List<LoggedRequest> modelCalls(String company) {
        return LLM.server().findAll(postRequestedFor(urlPathEqualTo(PATH)).withRequestBody(containing(company)));
    }

    @Test
    void theDeploymentAnswersWithApiKeyAuthAndStructuredOutput() throws Exception {
        long cik = 1000881;
        String company = "Azure Deployment Corp";
        serveCompany(cik, company, "0001000881-24-000001", "azure-10k.htm");
        LLM.server().stubFor(deployment(company).willReturn(LlmStub.completion(LlmStub.NARRATIVE)));

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)));

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        JsonNode doc = get("/api/v1/analyses/" + task.get("analysisId").asText()).json();
        assertThat(doc.at("/llm/provider").asText()).isEqualTo("azure-openai");
        assertThat(doc.at("/llm/inputTokens").asInt()).isEqualTo(1834);
        assertThat(doc.at("/narrative/keyRisks/0/severity").asText()).isEqualTo("high");
        List<LoggedRequest> calls = modelCalls(company);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getHeader("api-key")).isEqualTo(LlmStub.API_KEY);
        assertThat(calls.get(0).containsHeader("Authorization")).isFalse();
        assertThat(JSON.readTree(calls.get(0).getBodyAsString()).at("/response_format/type").asText())
                .isEqualTo("json_schema");
    }

    @Test
    void azuresRateLimitIsRetriedAndThenAnswers() {
        long cik = 1000882;
        String company = "Azure Throttled Corp";
        serveCompany(cik, company, "0001000882-24-000001", "azurethrottled-10k.htm");
        LLM.server().stubFor(deployment(company).inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("retry-after", "1").withHeader("x-ratelimit-remaining-requests", "0")
                        .withBody("""
                                {"error": {"code": "429", "message": "Requests to the ChatCompletions_Create \
                                Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit \
                                of your current OpenAI S0 pricing tier. Please retry after 1 second."}}"""))
                .willSetStateTo("allowed"));
        LLM.server().stubFor(deployment(company).inScenario("throttled").whenScenarioStateIs("allowed")
                .willReturn(LlmStub.completion(LlmStub.NARRATIVE)));

        String taskId = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik));
        JsonNode task = awaitFinished(taskId);

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(history(taskId)).anyMatch(s -> s.startsWith("RETRYING"));
        assertThat(modelCalls(company)).hasSize(2);
    }
}
