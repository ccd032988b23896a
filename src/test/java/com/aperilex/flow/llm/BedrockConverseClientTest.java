package com.aperilex.flow.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.stubs.AwsStub;
import com.aperilex.flow.stubs.LlmStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The bedrock provider against the Converse API's recorded wire format: one forced tool carrying the narrative
 * schema, the toolUse input read as the answer; throttling transient, a refused or malformed request not.
 */
class BedrockConverseClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LlmPrompt PROMPT = new LlmPrompt(List.of(
            new LlmPrompt.Message(LlmPrompt.Role.SYSTEM, "Answer in JSON."),
            new LlmPrompt.Message(LlmPrompt.Role.USER, "Filing: X")), 500);

    private final AwsStub aws = new AwsStub();
    private final BedrockRuntimeClient bedrock = BedrockRuntimeClient.builder().region(Region.US_EAST_1)
            .endpointOverride(URI.create(aws.baseUrl()))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
    private final BedrockConverseClient client = new BedrockConverseClient(bedrock, "amazon.nova-lite-v1:0", 0.2);

    @AfterEach
    void stop() {
        bedrock.close();
        aws.stop();
    }

    private void converseFails(int status, String errorType, String message) {
        aws.server().stubFor(post(urlPathMatching("/model/.+/converse")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", errorType)
                .withHeader("x-amzn-RequestId", "7b4a9d1e-0000-4000-8000-000000000000")
                .withBody("{\"message\": \"" + message + "\"}")));
    }

    @Test
    void forcesOneToolWithTheNarrativeSchemaAndReadsItsInput() throws Exception {
        aws.converseAnswers(LlmStub.NARRATIVE);

        LlmCompletion completion = client.complete(PROMPT);

        assertThat(JSON.readTree(completion.content())).isEqualTo(JSON.readTree(LlmStub.NARRATIVE));
        assertThat(completion.inputTokens()).isEqualTo(1790);
        assertThat(completion.outputTokens()).isEqualTo(230);
        JsonNode request = JSON.readTree(aws.server().findAll(postRequestedFor(urlPathMatching("/model/.+/converse")))
                .get(0).getBodyAsString());
        assertThat(request.at("/toolConfig/tools")).hasSize(1);
        assertThat(request.at("/toolConfig/tools/0/toolSpec/name").asText()).isEqualTo(NarrativeSchema.NAME);
        assertThat(request.at("/toolConfig/tools/0/toolSpec/inputSchema/json"))
                .isEqualTo(NarrativeSchema.forProvider());
        assertThat(request.at("/toolConfig/toolChoice/tool/name").asText()).isEqualTo(NarrativeSchema.NAME);
        assertThat(request.at("/system/0/text").asText()).isEqualTo("Answer in JSON.");
        assertThat(request.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(500);
    }

    @Test
    void throttlingIsTransient() {
        converseFails(429, "ThrottlingException", "Too many requests, please wait before trying again.");

        assertThatThrownBy(() -> client.complete(PROMPT)).isInstanceOfSatisfying(LlmCallException.class, e -> {
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getMessage()).contains("ThrottlingException", "HTTP 429");
        });
    }

    @Test
    void aRefusedOrMalformedRequestIsPermanent() {
        converseFails(403, "AccessDeniedException", "You don't have access to the model with the specified model ID.");
        assertThatThrownBy(() -> client.complete(PROMPT)).isInstanceOfSatisfying(LlmCallException.class,
                e -> assertThat(e.isTransient()).isFalse());

        converseFails(400, "ValidationException", "This model doesn't support the toolConfig.toolChoice.tool field.");
        assertThatThrownBy(() -> client.complete(PROMPT)).isInstanceOfSatisfying(LlmCallException.class, e -> {
            assertThat(e.isTransient()).isFalse();
            assertThat(e.getMessage()).contains("ValidationException");
        });
    }
}
