package com.aperilex.flow.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The azure-openai provider: the chat-completions wire format at a deployment URL with an api-key header. */
class AzureOpenAiClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LlmPrompt PROMPT = new LlmPrompt(List.of(
            new LlmPrompt.Message(LlmPrompt.Role.SYSTEM, "Answer in JSON."),
            new LlmPrompt.Message(LlmPrompt.Role.USER, "Filing: X")), 500);
    /** As Azure OpenAI records it: prompt_filter_results and content_filter_results around the choice. */
    private static final String COMPLETION = """
            {"id": "chatcmpl-AZ3azure", "object": "chat.completion", "created": 1732233600,
             "model": "gpt-4o-mini-2024-07-18",
             "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {}}],
             "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
               "content_filter_results": {"hate": {"filtered": false, "severity": "safe"}},
               "message": {"role": "assistant", "content": "{}", "refusal": null}}],
             "usage": {"prompt_tokens": 10, "completion_tokens": 2, "total_tokens": 12},
             "system_fingerprint": "fp_azure"}""";
    private static final String RATE_LIMITED = """
            {"error": {"code": "429", "message": "Requests to the ChatCompletions_Create Operation under Azure \
            OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. \
            Please retry after 12 seconds."}}""";
    private static final String UNSUPPORTED_SCHEMA = """
            {"error": {"code": "BadRequest", "message": "response_format value as json_schema is enabled only for \
            api versions 2024-08-01-preview and later", "param": "response_format", "type": "invalid_request_error"}}""";

    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<Headers> headers = new CopyOnWriteArrayList<>();
    private final List<URI> uris = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private interface Responder {
        int status(JsonNode request);
    }

    private OpenAiCompatibleClient clientOf(Responder status, String okBody, String errorBody, String retryAfter)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/openai/deployments/narrator/chat/completions", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            requests.add(request);
            headers.add(exchange.getRequestHeaders());
            uris.add(exchange.getRequestURI());
            int code = status.status(request);
            byte[] bytes = (code == 200 ? okBody : errorBody).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (code != 200 && retryAfter != null) {
                exchange.getResponseHeaders().add("retry-after", retryAfter);
            }
            exchange.sendResponseHeaders(code, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new OpenAiCompatibleClient(new OpenAiCompatibleClient.Settings(endpoint, "gpt-4o-mini",
                () -> Optional.of("azure-key"), Duration.ofSeconds(5), true, 0.2),
                OpenAiCompatibleClient.Dialect.azure("narrator", "2024-10-21"), HttpClient.newHttpClient());
    }

    @Test
    void callsTheDeploymentWithTheApiKeyHeaderAndStructuredOutput() throws Exception {
        OpenAiCompatibleClient client = clientOf(request -> 200, COMPLETION, "", null);

        LlmCompletion completion = client.complete(PROMPT);

        assertThat(completion.content()).isEqualTo("{}");
        assertThat(completion.inputTokens()).isEqualTo(10);
        assertThat(client.provider()).isEqualTo("azure-openai");
        assertThat(uris.get(0).getPath()).isEqualTo("/openai/deployments/narrator/chat/completions");
        assertThat(uris.get(0).getQuery()).isEqualTo("api-version=2024-10-21");
        assertThat(headers.get(0).getFirst("api-key")).isEqualTo("azure-key");
        assertThat(headers.get(0).containsKey("Authorization")).isFalse();
        assertThat(requests.get(0).get("response_format").get("type").asText()).isEqualTo("json_schema");
        assertThat(requests.get(0).get("response_format").get("json_schema").get("schema"))
                .isEqualTo(NarrativeSchema.forProvider());
    }

    @Test
    void aRateLimitIsTransientAndNamesRetryAfter() throws Exception {
        OpenAiCompatibleClient client = clientOf(request -> 429, COMPLETION, RATE_LIMITED, "12");

        assertThatThrownBy(() -> client.complete(PROMPT)).isInstanceOfSatisfying(LlmCallException.class, e -> {
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getMessage()).contains("HTTP 429", "exceeded token rate limit", "retry-after 12");
        });
    }

    @Test
    void aRefusedKeyIsPermanent() throws Exception {
        OpenAiCompatibleClient client = clientOf(request -> 401, COMPLETION, """
                {"error": {"code": "401", "message": "Access denied due to invalid subscription key or wrong API \
                endpoint."}}""", null);

        assertThatThrownBy(() -> client.complete(PROMPT)).isInstanceOfSatisfying(LlmCallException.class, e -> {
            assertThat(e.isTransient()).isFalse();
            assertThat(e.getMessage()).contains("HTTP 401", "invalid subscription key");
        });
    }

    @Test
    void anOlderApiVersionRefusingJsonSchemaStepsDownToJsonObject() throws Exception {
        OpenAiCompatibleClient client = clientOf(request ->
                request.path("response_format").path("type").asText().equals("json_schema") ? 400 : 200,
                COMPLETION, UNSUPPORTED_SCHEMA, null);

        assertThat(client.complete(PROMPT).content()).isEqualTo("{}");
        assertThat(requests).extracting(r -> r.path("response_format").path("type").asText())
                .containsExactly("json_schema", "json_object");
        assertThat(client.responseFormat()).isEqualTo(OpenAiCompatibleClient.ResponseFormat.JSON_OBJECT);
    }
}
