package com.aperilex.flow.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request the openai provider sends, and how it steps down when a server refuses structured output. */
class OpenAiCompatibleClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LlmPrompt PROMPT = new LlmPrompt(List.of(
            new LlmPrompt.Message(LlmPrompt.Role.SYSTEM, "Answer in JSON."),
            new LlmPrompt.Message(LlmPrompt.Role.USER, "Filing: X")), 500);
    private static final String COMPLETION = """
            {"id": "chatcmpl-1", "object": "chat.completion", "choices": [{"index": 0,
              "message": {"role": "assistant", "content": "{}"}, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 10, "completion_tokens": 2, "total_tokens": 12}}""";
    private static final String UNSUPPORTED_SCHEMA = """
            {"error": {"message": "response_format type json_schema is not supported by this server",
              "type": "invalid_request_error", "param": "response_format"}}""";
    private static final String UNSUPPORTED_OBJECT = """
            {"error": {"message": "Unsupported response_format: json_object", "type": "invalid_request_error"}}""";

    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A chat-completions server on 127.0.0.1 answering each request body with (status, body). */
    private OpenAiCompatibleClient clientOf(Function<JsonNode, Answer> answer, boolean jsonMode) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            requests.add(request);
            Answer reply = answer.apply(request);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
        return new OpenAiCompatibleClient(new OpenAiCompatibleClient.Settings(base, "gpt-4o-mini",
                () -> Optional.of("sk-test"), Duration.ofSeconds(5), jsonMode, 0.2), HttpClient.newHttpClient());
    }

    private record Answer(int status, String body) {
    }

    private static String format(JsonNode request) {
        JsonNode format = request.path("response_format").path("type");
        return format.isTextual() ? format.textValue() : "none";
    }

    @Test
    void sendsThePromptsOwnSchemaWordedForItsForm() throws Exception {
        OpenAiCompatibleClient client = clientOf(request -> new Answer(200, COMPLETION), true);
        var eightK = NarrativeSchema.forForm(com.aperilex.flow.domain.FormType.EIGHT_K).forProvider();

        client.complete(new LlmPrompt(PROMPT.messages(), PROMPT.maxOutputTokens(), eightK));

        assertThat(requests.get(0).at("/response_format/json_schema/schema")).isEqualTo(eightK)
                .isNotEqualTo(NarrativeSchema.forProvider());
    }

    @Test
    void asksForStrictStructuredOutputFromTheNarrativeSchema() throws Exception {
        OpenAiCompatibleClient client = clientOf(request -> new Answer(200, COMPLETION), true);

        LlmCompletion completion = client.complete(PROMPT);

        assertThat(completion.content()).isEqualTo("{}");
        assertThat(completion.inputTokens()).isEqualTo(10);
        JsonNode responseFormat = requests.get(0).get("response_format");
        assertThat(responseFormat.get("type").asText()).isEqualTo("json_schema");
        assertThat(responseFormat.get("json_schema").get("name").asText()).isEqualTo("narrative");
        assertThat(responseFormat.get("json_schema").get("strict").asBoolean()).isTrue();
        assertThat(responseFormat.get("json_schema").get("schema")).isEqualTo(NarrativeSchema.forProvider());
        assertThat(requests.get(0).get("messages")).hasSize(2);
        assertThat(client.responseFormat()).isEqualTo(OpenAiCompatibleClient.ResponseFormat.JSON_SCHEMA);
    }

    @Test
    void aServerRefusingJsonSchemaGetsJsonObjectAndTheStepDownIsRemembered() throws Exception {
        OpenAiCompatibleClient client = clientOf(request -> format(request).equals("json_schema")
                ? new Answer(400, UNSUPPORTED_SCHEMA) : new Answer(200, COMPLETION), true);

        assertThat(client.complete(PROMPT).content()).isEqualTo("{}");
        assertThat(requests).extracting(OpenAiCompatibleClientTest::format)
                .containsExactly("json_schema", "json_object");
        assertThat(requests.get(1).get("response_format")).isEqualTo(JSON.readTree("{\"type\": \"json_object\"}"));

        // The next call asks for json_object straight away.
        client.complete(PROMPT);
        assertThat(requests).extracting(OpenAiCompatibleClientTest::format)
                .containsExactly("json_schema", "json_object", "json_object");
        assertThat(client.responseFormat()).isEqualTo(OpenAiCompatibleClient.ResponseFormat.JSON_OBJECT);
    }

    @Test
    void aServerRefusingBothFormatsGetsThePromptAloneFromThenOn() throws Exception {
        OpenAiCompatibleClient client = clientOf(request -> switch (format(request)) {
            case "json_schema" -> new Answer(400, UNSUPPORTED_SCHEMA);
            case "json_object" -> new Answer(422, UNSUPPORTED_OBJECT);
            default -> new Answer(200, COMPLETION);
        }, true);

        client.complete(PROMPT);
        client.complete(PROMPT);

        assertThat(requests).extracting(OpenAiCompatibleClientTest::format)
                .containsExactly("json_schema", "json_object", "none", "none");
        assertThat(requests.get(2).has("response_format")).isFalse();
        assertThat(client.responseFormat()).isEqualTo(OpenAiCompatibleClient.ResponseFormat.PROMPT_ONLY);
    }

    @Test
    void concurrentCallsMeetingTheRefusalStepDownOnceAndLogItOnce() throws Exception {
        OpenAiCompatibleClient client = clientOf(request -> format(request).equals("json_schema")
                ? new Answer(400, UNSUPPORTED_SCHEMA) : new Answer(200, COMPLETION), true);
        Logger log = Logger.getLogger(OpenAiCompatibleClient.class.getName());
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<LlmCompletion>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return client.complete(PROMPT);
                }));
            }
            start.countDown();
            for (Future<LlmCompletion> call : calls) {
                assertThat(call.get(10, TimeUnit.SECONDS).content()).isEqualTo("{}");
            }
        } finally {
            pool.shutdownNow();
            log.removeHandler(handler);
        }
        assertThat(records).singleElement().satisfies(record -> assertThat(record.getLevel()).isEqualTo(Level.WARNING));
        assertThat(requests.stream().filter(r -> format(r).equals("json_object"))).hasSize(threads);
        assertThat(client.responseFormat()).isEqualTo(OpenAiCompatibleClient.ResponseFormat.JSON_OBJECT);
        client.complete(PROMPT);
        assertThat(format(requests.get(requests.size() - 1))).isEqualTo("json_object");
    }

    @Test
    void jsonModeOffSendsThePromptAloneFromTheStart() throws Exception {
        OpenAiCompatibleClient client = clientOf(request -> new Answer(200, COMPLETION), false);
        client.complete(PROMPT);
        assertThat(requests).singleElement().satisfies(request -> assertThat(request.has("response_format")).isFalse());
    }

    @Test
    void aRefusalThatIsNotAboutTheFormatFailsWithoutSteppingDown() throws Exception {
        OpenAiCompatibleClient client = clientOf(request -> new Answer(400, """
                {"error": {"message": "This model's maximum context length is 128000 tokens.",
                  "type": "invalid_request_error", "code": "context_length_exceeded"}}"""), true);

        assertThatThrownBy(() -> client.complete(PROMPT)).isInstanceOfSatisfying(LlmCallException.class,
                e -> assertThat(e.isTransient()).isFalse()).hasMessageContaining("HTTP 400");
        assertThat(requests).hasSize(1);
        assertThat(client.responseFormat()).isEqualTo(OpenAiCompatibleClient.ResponseFormat.JSON_SCHEMA);
    }

    @Test
    void aServerErrorIsTransientAndKeepsTheFormat() throws Exception {
        OpenAiCompatibleClient client = clientOf(request -> new Answer(503, "{\"error\": {\"message\": \"busy\"}}"),
                true);
        assertThatThrownBy(() -> client.complete(PROMPT)).isInstanceOfSatisfying(LlmCallException.class,
                e -> assertThat(e.isTransient()).isTrue());
        assertThat(requests).hasSize(1);
        assertThat(client.responseFormat()).isEqualTo(OpenAiCompatibleClient.ResponseFormat.JSON_SCHEMA);
    }

    @Test
    void whatCountsAsARefusedFormat() {
        assertThat(OpenAiCompatibleClient.refusesResponseFormat(400, UNSUPPORTED_SCHEMA)).isTrue();
        assertThat(OpenAiCompatibleClient.refusesResponseFormat(400, "{\"detail\": \"Invalid schema for "
                + "response_format 'narrative'\"}")).isTrue();
        assertThat(OpenAiCompatibleClient.refusesResponseFormat(400, "")).isTrue();
        assertThat(OpenAiCompatibleClient.refusesResponseFormat(422, UNSUPPORTED_OBJECT)).isTrue();
        assertThat(OpenAiCompatibleClient.refusesResponseFormat(400, "{\"error\": \"unknown model\"}")).isFalse();
        assertThat(OpenAiCompatibleClient.refusesResponseFormat(500, UNSUPPORTED_SCHEMA)).isFalse();
        assertThat(OpenAiCompatibleClient.refusesResponseFormat(401, UNSUPPORTED_SCHEMA)).isFalse();
    }
}
