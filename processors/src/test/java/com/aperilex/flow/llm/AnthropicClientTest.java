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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The anthropic provider against a stub answering in the Messages API's recorded wire format. */
class AnthropicClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LlmPrompt PROMPT = new LlmPrompt(List.of(
            new LlmPrompt.Message(LlmPrompt.Role.SYSTEM, "Answer in JSON."),
            new LlmPrompt.Message(LlmPrompt.Role.USER, "Filing: X")), 500);
    /** A Messages API answer to a forced tool, as recorded from api.anthropic.com. */
    private static final String TOOL_USE = """
            {"id": "msg_01Aq9w938a90dw8q", "type": "message", "role": "assistant",
             "model": "claude-3-5-haiku-20241022",
             "content": [{"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "narrative",
                          "input": {"summary": "Sales grew.", "keyRisks": [], "mdaHighlights": ["Margins up."],
                                    "outlook": "Stable."}}],
             "stop_reason": "tool_use", "stop_sequence": null,
             "usage": {"input_tokens": 1834, "output_tokens": 212, "cache_creation_input_tokens": 0,
                       "cache_read_input_tokens": 0}}""";

    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<Headers> headers = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private AnthropicClient clientOf(int status, String body, Map<String, String> responseHeaders) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/messages", exchange -> {
            requests.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            headers.add(exchange.getRequestHeaders());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            responseHeaders.forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new AnthropicClient(new AnthropicClient.Settings(base, "claude-3-5-haiku-latest",
                () -> Optional.of("sk-ant-test"), Duration.ofSeconds(5), 0.2, null), HttpClient.newHttpClient());
    }

    private static String error(String type, String message) {
        return """
                {"type": "error", "error": {"type": "%s", "message": "%s"}}""".formatted(type, message);
    }

    @Test
    void forcesOneToolWithTheNarrativeSchemaAndReturnsItsInputAsJson() throws Exception {
        AnthropicClient client = clientOf(200, TOOL_USE, Map.of());

        LlmCompletion completion = client.complete(PROMPT);

        assertThat(JSON.readTree(completion.content())).isEqualTo(JSON.readTree("""
                {"summary": "Sales grew.", "keyRisks": [], "mdaHighlights": ["Margins up."], "outlook": "Stable."}"""));
        assertThat(completion.inputTokens()).isEqualTo(1834);
        assertThat(completion.outputTokens()).isEqualTo(212);
        assertThat(client.provider()).isEqualTo("anthropic");
        JsonNode request = requests.get(0);
        assertThat(request.get("model").asText()).isEqualTo("claude-3-5-haiku-latest");
        assertThat(request.get("max_tokens").asInt()).isEqualTo(500);
        assertThat(request.get("system").asText()).isEqualTo("Answer in JSON.");
        assertThat(request.get("messages")).hasSize(1);
        assertThat(request.get("messages").get(0).get("role").asText()).isEqualTo("user");
        assertThat(request.get("tools")).hasSize(1);
        assertThat(request.get("tools").get(0).get("name").asText()).isEqualTo(NarrativeSchema.NAME);
        assertThat(request.get("tools").get(0).get("input_schema")).isEqualTo(NarrativeSchema.forProvider());
        assertThat(request.get("tool_choice")).isEqualTo(JSON.readTree("{\"type\": \"tool\", \"name\": \"narrative\"}"));
        Headers sent = headers.get(0);
        assertThat(sent.getFirst("x-api-key")).isEqualTo("sk-ant-test");
        assertThat(sent.getFirst("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.getFirst("content-type")).isEqualTo("application/json");
        assertThat(sent.containsKey("Authorization")).isFalse();
    }

    @Test
    void theVersionHeaderIsConfigurable() throws Exception {
        server = null;
        AnthropicClient base = clientOf(200, TOOL_USE, Map.of());
        AnthropicClient client = new AnthropicClient(new AnthropicClient.Settings(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), base.model(),
                Optional::empty, Duration.ofSeconds(5), 0.2, "2024-10-22"), HttpClient.newHttpClient());

        client.complete(PROMPT);

        assertThat(headers.get(0).getFirst("anthropic-version")).isEqualTo("2024-10-22");
        assertThat(headers.get(0).containsKey("x-api-key")).isFalse();
    }

    @Test
    void aRateLimitIsTransientAndNamesRetryAfter() throws Exception {
        AnthropicClient client = clientOf(429, error("rate_limit_error",
                "Number of request tokens has exceeded your per-minute rate limit"), Map.of("retry-after", "30"));

        assertThatThrownBy(() -> client.complete(PROMPT)).isInstanceOfSatisfying(LlmCallException.class, e -> {
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getMessage()).contains("HTTP 429", "rate_limit_error", "per-minute rate limit",
                    "retry-after 30");
        });
    }

    @Test
    void overloadedIsTransient() throws Exception {
        AnthropicClient client = clientOf(529, error("overloaded_error", "Overloaded"), Map.of());

        assertThatThrownBy(() -> client.complete(PROMPT)).isInstanceOfSatisfying(LlmCallException.class, e -> {
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getMessage()).contains("HTTP 529", "overloaded_error", "Overloaded");
        });
    }

    @Test
    void serverErrorsAreTransientAndRefusalsPermanent() {
        assertThat(AnthropicClient.failure(500, error("api_error", "Internal server error"), Optional.empty())
                .isTransient()).isTrue();
        assertThat(AnthropicClient.failure(503, "<html>bad gateway</html>", Optional.empty()).isTransient()).isTrue();
        for (int status : new int[] {400, 401, 403, 404}) {
            assertThat(AnthropicClient.failure(status, error("invalid_request_error", "bad"), Optional.empty())
                    .isTransient()).as("HTTP %d", status).isFalse();
        }
    }

    @Test
    void aRefusedKeyIsPermanent() throws Exception {
        AnthropicClient client = clientOf(401, error("authentication_error", "invalid x-api-key"), Map.of());

        assertThatThrownBy(() -> client.complete(PROMPT)).isInstanceOfSatisfying(LlmCallException.class, e -> {
            assertThat(e.isTransient()).isFalse();
            assertThat(e.getMessage()).contains("HTTP 401", "authentication_error", "invalid x-api-key");
        });
    }

    @Test
    void aRepairTurnGoesAsAssistantThenUser() throws Exception {
        AnthropicClient client = clientOf(200, TOOL_USE, Map.of());

        client.complete(PROMPT.followedBy(new LlmPrompt.Message(LlmPrompt.Role.ASSISTANT, "{}"),
                new LlmPrompt.Message(LlmPrompt.Role.USER, "fix it")));

        assertThat(requests.get(0).get("messages")).extracting(m -> m.get("role").asText())
                .containsExactly("user", "assistant", "user");
    }
}
