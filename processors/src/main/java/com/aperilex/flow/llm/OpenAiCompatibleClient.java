package com.aperilex.flow.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Any OpenAI-compatible chat-completions API ({@code POST {baseUrl}/chat/completions}): OpenAI itself,
 * OpenRouter, Ollama, vLLM, LM Studio; and Azure OpenAI's deployments, which speak the same wire format
 * at another URL with another key header ({@link Dialect#azure}).
 *
 * <p>With {@code jsonMode} on, it asks for structured output from the narrative's schema
 * ({@code response_format: json_schema}, strict, {@link NarrativeSchema#forProvider()}). A server that
 * refuses that with HTTP 400 (or 422) naming the format is asked again at once with {@code json_object},
 * and one that refuses that too with the prompt alone. The step down is remembered by this client, so
 * for its provider and base URL, and logged once; the answer is validated against the schema either way.
 * With {@code jsonMode} off the prompt alone carries the schema from the start.
 */
public final class OpenAiCompatibleClient implements LlmClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(OpenAiCompatibleClient.class.getName());

    /** What the request asks of the answer's shape, strongest first; a refused one steps down to the next. */
    enum ResponseFormat {
        JSON_SCHEMA, JSON_OBJECT, PROMPT_ONLY;

        ResponseFormat weaker() {
            return this == JSON_SCHEMA ? JSON_OBJECT : PROMPT_ONLY;
        }

        String wireName() {
            return this == JSON_SCHEMA ? "json_schema" : this == JSON_OBJECT ? "json_object" : "none";
        }
    }

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

    /**
     * Where a chat-completions request goes and how it carries the key: the one difference between OpenAI's
     * own API (and its compatibles) and Azure OpenAI's deployments; the wire format is the same.
     */
    public interface Dialect {
        /** The provider's name as recorded with each analysis. */
        String provider();

        /** The chat-completions URL of {@code settings}. */
        URI endpoint(Settings settings);

        /** Adds the key to the request. */
        void authorize(HttpRequest.Builder request, String apiKey);

        /** {@code POST {baseUrl}/chat/completions} with {@code Authorization: Bearer}. */
        static Dialect openAi() {
            return new Dialect() {
                @Override
                public String provider() {
                    return "openai";
                }

                @Override
                public URI endpoint(Settings settings) {
                    String base = settings.baseUrl().toString();
                    return URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
                }

                @Override
                public void authorize(HttpRequest.Builder request, String apiKey) {
                    request.header("Authorization", "Bearer " + apiKey);
                }
            };
        }

        /**
         * Azure OpenAI: {@code POST {baseUrl}/openai/deployments/{deployment}/chat/completions?api-version=...}
         * with an {@code api-key} header; {@code baseUrl} is the resource's endpoint, e.g.
         * https://my-resource.openai.azure.com.
         */
        static Dialect azure(String deployment, String apiVersion) {
            Objects.requireNonNull(deployment, "deployment");
            Objects.requireNonNull(apiVersion, "apiVersion");
            return new Dialect() {
                @Override
                public String provider() {
                    return "azure-openai";
                }

                @Override
                public URI endpoint(Settings settings) {
                    String base = settings.baseUrl().toString();
                    return URI.create((base.endsWith("/") ? base : base + "/") + "openai/deployments/"
                            + URLEncoder.encode(deployment, StandardCharsets.UTF_8) + "/chat/completions?api-version="
                            + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8));
                }

                @Override
                public void authorize(HttpRequest.Builder request, String apiKey) {
                    request.header("api-key", apiKey);
                }
            };
        }
    }

    private final Settings settings;
    private final Dialect dialect;
    private final URI endpoint;
    private final HttpClient http;
    private final AtomicReference<ResponseFormat> responseFormat;

    public OpenAiCompatibleClient(Settings settings, HttpClient http) {
        this(settings, Dialect.openAi(), http);
    }

    public OpenAiCompatibleClient(Settings settings, Dialect dialect, HttpClient http) {
        this.settings = settings;
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.endpoint = dialect.endpoint(settings);
        this.http = http;
        this.responseFormat = new AtomicReference<>(settings.jsonMode() ? ResponseFormat.JSON_SCHEMA
                : ResponseFormat.PROMPT_ONLY);
    }

    /** What the next request asks for: json_schema until the server refused it, and so on. */
    ResponseFormat responseFormat() {
        return responseFormat.get();
    }

    @Override
    public String provider() {
        return dialect.provider();
    }

    @Override
    public String model() {
        return settings.model();
    }

    @Override
    public LlmCompletion complete(LlmPrompt prompt) {
        long started = System.nanoTime();
        while (true) {
            ResponseFormat format = responseFormat.get();
            HttpResponse<String> response = send(prompt, format);
            int status = response.statusCode();
            if (status == 200) {
                return readCompletion(response.body(), prompt, (System.nanoTime() - started) / 1_000_000);
            }
            if (format != ResponseFormat.PROMPT_ONLY && refusesResponseFormat(status, response.body())) {
                stepDown(format, status, response.body());
                continue;
            }
            boolean retryable = status == 408 || status == 409 || status == 429 || status >= 500;
            // Azure and OpenAI say when to come back; the retry schedule stays ours, the message says it.
            String retryAfter = response.headers().firstValue("retry-after").map(s -> " (retry-after " + s + ")")
                    .orElse("");
            throw new LlmCallException("the model's API answered HTTP " + status + ": " + LlmAnswers.snippet(response.body())
                    + retryAfter, retryable, null);
        }
    }

    private HttpResponse<String> send(LlmPrompt prompt, ResponseFormat format) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(prompt, format)));
        settings.apiKey().get().filter(key -> !key.isBlank())
                .ifPresent(key -> dialect.authorize(request, key));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new LlmCallException("the model did not answer within " + settings.timeout(), true, e);
        } catch (IOException e) {
            throw new LlmCallException("the model could not be reached: " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmCallException("interrupted while waiting for the model", true, e);
        }
    }

    /**
     * A server without structured output refuses the request as malformed (400; 422 for some FastAPI-based
     * ones) and says which part: the error names response_format, json_schema, json_object, a schema or a
     * format, or says nothing at all. Any other refusal (a prompt too long, an unknown model) is not the
     * format's fault and must not make this client give up structured output.
     */
    static boolean refusesResponseFormat(int status, String body) {
        if (status != 400 && status != 422) {
            return false;
        }
        String text = body == null ? "" : body.toLowerCase(Locale.ROOT);
        // "format" covers response_format and json_object's "unsupported format"; "schema" covers json_schema.
        return text.isBlank() || text.contains("format") || text.contains("schema");
    }

    /** Remembers that {@code refused} does not work here; only the thread that makes the change logs it. */
    private void stepDown(ResponseFormat refused, int status, String body) {
        ResponseFormat weaker = refused.weaker();
        if (responseFormat.compareAndSet(refused, weaker)) {
            LOG.log(System.Logger.Level.WARNING, "{0} at {1} refused response_format {2} (HTTP {3}: {4}); "
                            + "asking for {5} from now on",
                    provider(), settings.baseUrl(), refused.wireName(), status, LlmAnswers.snippet(body),
                    weaker == ResponseFormat.PROMPT_ONLY ? "the prompt's schema alone" : weaker.wireName());
        }
    }

    String requestBody(LlmPrompt prompt, ResponseFormat format) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        ArrayNode messages = body.putArray("messages");
        for (LlmPrompt.Message message : prompt.messages()) {
            messages.addObject().put("role", message.role().name().toLowerCase(Locale.ROOT))
                    .put("content", message.content());
        }
        body.put("temperature", settings.temperature());
        body.put("max_tokens", prompt.maxOutputTokens());
        if (format == ResponseFormat.JSON_SCHEMA) {
            ObjectNode jsonSchema = body.putObject("response_format").put("type", "json_schema")
                    .putObject("json_schema");
            jsonSchema.put("name", NarrativeSchema.NAME).put("strict", true);
            jsonSchema.set("schema", prompt.responseSchema());
        } else if (format == ResponseFormat.JSON_OBJECT) {
            body.putObject("response_format").put("type", "json_object");
        }
        return body.toString();
    }

    private static LlmCompletion readCompletion(String body, LlmPrompt prompt, long latencyMs) {
        JsonNode root = LlmAnswers.json(body);
        JsonNode content = root.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            throw new LlmCallException("the model's answer has no choices[0].message.content", true, null);
        }
        JsonNode usage = root.path("usage");
        // Some compatible servers report no usage; an estimate beats a missing number in the cost record.
        int input = LlmAnswers.tokens(usage.path("prompt_tokens"), prompt.totalChars());
        int output = LlmAnswers.tokens(usage.path("completion_tokens"), content.textValue().length());
        return new LlmCompletion(content.textValue(), input, output, latencyMs);
    }

}
