package com.aperilex.flow.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Anthropic's Messages API ({@code POST {baseUrl}/v1/messages}, headers {@code x-api-key} and
 * {@code anthropic-version}). The system turns go in the request's {@code system} field; structured output
 * is one tool whose {@code input_schema} is the narrative's schema ({@link NarrativeSchema#forProvider()}),
 * forced by {@code tool_choice}, and the answer is that {@code tool_use} block's {@code input}, serialised
 * to the JSON text {@link LlmClient} returns (validated against the schema by the caller as for any provider).
 *
 * <p>Failures: 429, 529 (overloaded), other 5xx, 408/409 and an {@code overloaded_error} body are transient;
 * 400, 401, 403, 404 and the other 4xx are not. A {@code retry-after} header is named in the message only.
 */
public final class AnthropicClient implements LlmClient {
    public static final String DEFAULT_VERSION = "2023-06-01";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOL_DESCRIPTION =
            "Record the narrative analysis of the filing. Always answer by calling this tool.";

    /**
     * @param baseUrl          e.g. https://api.anthropic.com (the client appends /v1/messages; /v1 may be given)
     * @param apiKey           read on every call, so a rotated secret is picked up
     * @param anthropicVersion the {@code anthropic-version} header, e.g. 2023-06-01
     */
    public record Settings(URI baseUrl, String model, Supplier<Optional<String>> apiKey, Duration timeout,
                           double temperature, String anthropicVersion) {
        public Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(apiKey, "apiKey");
            Objects.requireNonNull(timeout, "timeout");
            anthropicVersion = anthropicVersion == null || anthropicVersion.isBlank() ? DEFAULT_VERSION
                    : anthropicVersion;
        }
    }

    private final Settings settings;
    private final URI endpoint;
    private final HttpClient http;

    public AnthropicClient(Settings settings, HttpClient http) {
        this.settings = settings;
        String base = settings.baseUrl().toString();
        base = base.endsWith("/") ? base : base + "/";
        // https://api.anthropic.com and https://api.anthropic.com/v1 both name the API.
        this.endpoint = URI.create(base + (base.endsWith("/v1/") ? "messages" : "v1/messages"));
        this.http = http;
    }

    @Override
    public String provider() {
        return "anthropic";
    }

    @Override
    public String model() {
        return settings.model();
    }

    @Override
    public LlmCompletion complete(LlmPrompt prompt) {
        long started = System.nanoTime();
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(settings.timeout())
                .header("content-type", "application/json")
                .header("accept", "application/json")
                .header("anthropic-version", settings.anthropicVersion())
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(prompt)));
        settings.apiKey().get().filter(key -> !key.isBlank()).ifPresent(key -> request.header("x-api-key", key));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new LlmCallException("the model did not answer within " + settings.timeout(), true, e);
        } catch (IOException e) {
            throw new LlmCallException("the model could not be reached: " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmCallException("interrupted while waiting for the model", true, e);
        }
        if (response.statusCode() != 200) {
            throw failure(response.statusCode(), response.body(), response.headers().firstValue("retry-after"));
        }
        return readCompletion(response.body(), prompt, (System.nanoTime() - started) / 1_000_000);
    }

    String requestBody(LlmPrompt prompt) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        body.put("max_tokens", prompt.maxOutputTokens());
        StringBuilder system = new StringBuilder();
        ArrayNode messages = JSON.createArrayNode();
        for (LlmPrompt.Message message : prompt.messages()) {
            if (message.role() == LlmPrompt.Role.SYSTEM) {
                system.append(system.isEmpty() ? "" : "\n\n").append(message.content());
            } else {
                messages.addObject().put("role", message.role().name().toLowerCase(Locale.ROOT))
                        .put("content", message.content());
            }
        }
        if (!system.isEmpty()) {
            body.put("system", system.toString());
        }
        body.set("messages", messages);
        body.put("temperature", settings.temperature());
        ObjectNode tool = body.putArray("tools").addObject();
        tool.put("name", NarrativeSchema.NAME).put("description", TOOL_DESCRIPTION);
        tool.set("input_schema", prompt.responseSchema());
        body.putObject("tool_choice").put("type", "tool").put("name", NarrativeSchema.NAME);
        return body.toString();
    }

    private static LlmCompletion readCompletion(String body, LlmPrompt prompt, long latencyMs) {
        JsonNode root = LlmAnswers.json(body);
        String answer = null;
        StringBuilder text = new StringBuilder();
        for (JsonNode block : root.path("content")) {
            String type = block.path("type").asText();
            if (type.equals("tool_use") && answer == null && block.path("input").isObject()) {
                answer = block.path("input").toString();
            } else if (type.equals("text")) {
                text.append(block.path("text").asText());
            }
        }
        if (answer == null) {
            // A forced tool always answers with tool_use; text alone is still worth the schema's check.
            if (text.isEmpty()) {
                throw new LlmCallException("the model's answer has no tool_use block (stop_reason "
                        + root.path("stop_reason").asText("none") + ")", true, null);
            }
            answer = text.toString();
        }
        JsonNode usage = root.path("usage");
        int input = LlmAnswers.tokens(usage.path("input_tokens"), prompt.totalChars());
        int output = LlmAnswers.tokens(usage.path("output_tokens"), answer.length());
        return new LlmCompletion(answer, input, output, latencyMs);
    }

    /** Reads Anthropic's {@code {"type":"error","error":{"type":...,"message":...}}}; any body will do. */
    static LlmCallException failure(int status, String body, Optional<String> retryAfter) {
        String errorType = null;
        String message = null;
        try {
            JsonNode error = JSON.readTree(body == null ? "" : body).path("error");
            errorType = error.path("type").isTextual() ? error.path("type").textValue() : null;
            message = error.path("message").isTextual() ? error.path("message").textValue() : null;
        } catch (IOException | RuntimeException e) {
            // not JSON: the snippet below says what it was
        }
        boolean retryable = status == 408 || status == 409 || status == 429 || status >= 500
                || "overloaded_error".equals(errorType) || "rate_limit_error".equals(errorType)
                || "api_error".equals(errorType);
        StringBuilder text = new StringBuilder("Anthropic answered HTTP ").append(status);
        if (errorType != null) {
            text.append(' ').append(errorType);
        }
        text.append(": ").append(message != null ? message : LlmAnswers.snippet(body));
        retryAfter.ifPresent(seconds -> text.append(" (retry-after ").append(seconds).append(')'));
        return new LlmCallException(text.toString(), retryable, null);
    }

}
