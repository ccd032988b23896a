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
 * Any OpenAI-compatible chat-completions API ({@code POST {baseUrl}/chat/completions}): OpenAI itself,
 * OpenRouter, Ollama, vLLM, LM Studio. Asks for a JSON object answer when {@code jsonMode} is on.
 */
public final class OpenAiCompatibleClient implements LlmClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param baseUrl     e.g. https://api.openai.com/v1 or http://localhost:11434/v1
     * @param apiKey      read on every call, so a rotated secret is picked up; empty for keyless servers
     * @param temperature sampling temperature; analyses want it low
     */
    public record Settings(URI baseUrl, String model, Supplier<Optional<String>> apiKey, Duration timeout,
                           boolean jsonMode, double temperature) {
        public Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(apiKey, "apiKey");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    private final Settings settings;
    private final URI endpoint;
    private final HttpClient http;

    public OpenAiCompatibleClient(Settings settings, HttpClient http) {
        this.settings = settings;
        String base = settings.baseUrl().toString();
        this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
        this.http = http;
    }

    @Override
    public String provider() {
        return "openai";
    }

    @Override
    public String model() {
        return settings.model();
    }

    @Override
    public LlmCompletion complete(LlmPrompt prompt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(prompt)));
        settings.apiKey().get().filter(key -> !key.isBlank())
                .ifPresent(key -> request.header("Authorization", "Bearer " + key));
        long started = System.nanoTime();
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
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        int status = response.statusCode();
        if (status != 200) {
            boolean retryable = status == 408 || status == 409 || status == 429 || status >= 500;
            throw new LlmCallException("the model's API answered HTTP " + status + ": " + snippet(response.body()),
                    retryable, null);
        }
        return readCompletion(response.body(), prompt, latencyMs);
    }

    private String requestBody(LlmPrompt prompt) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        ArrayNode messages = body.putArray("messages");
        for (LlmPrompt.Message message : prompt.messages()) {
            messages.addObject().put("role", message.role().name().toLowerCase(Locale.ROOT))
                    .put("content", message.content());
        }
        body.put("temperature", settings.temperature());
        body.put("max_tokens", prompt.maxOutputTokens());
        if (settings.jsonMode()) {
            body.putObject("response_format").put("type", "json_object");
        }
        return body.toString();
    }

    private static LlmCompletion readCompletion(String body, LlmPrompt prompt, long latencyMs) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new LlmCallException("the model's API answered with something other than JSON", true, e);
        }
        JsonNode content = root.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            throw new LlmCallException("the model's answer has no choices[0].message.content", true, null);
        }
        JsonNode usage = root.path("usage");
        // Some compatible servers report no usage; an estimate beats a missing number in the cost record.
        int input = usage.path("prompt_tokens").isInt() ? usage.path("prompt_tokens").intValue()
                : TokenEstimate.DEFAULT.tokens(prompt.totalChars());
        int output = usage.path("completion_tokens").isInt() ? usage.path("completion_tokens").intValue()
                : TokenEstimate.DEFAULT.tokens(content.textValue().length());
        return new LlmCompletion(content.textValue(), input, output, latencyMs);
    }

    private static String snippet(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
