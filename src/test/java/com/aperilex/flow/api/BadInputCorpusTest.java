package com.aperilex.flow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.domain.TaskLane;
import com.aperilex.flow.ServiceTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input/corpus.json}, its format described at its top):
 * each malformed request is sent as raw bytes over a socket, and every answer must be a 4xx
 * application/problem+json whose status matches the response's (and the case's expected status, when it
 * names one); no 5xx. Afterwards the tasks tables and both queues are as they were before the first case.
 */
class BadInputCorpusTest extends ServiceTestSupport {
    private static final String CORPUS = "/bad-input/corpus.json";
    private static final Pattern REPEAT = Pattern.compile("\\$\\(repeat (\\d+) ([^)]*)\\)");

    @Autowired
    SqsClient devSqsClient;

    @TestFactory
    Stream<DynamicNode> everyMalformedRequestIsRefusedWithAProblemAndChangesNothing() {
        JsonNode corpus = corpus();
        List<JsonNode> cases = new ArrayList<>();
        corpus.get(section()).forEach(cases::add);
        assertThat(cases).as("corpus size").hasSizeGreaterThanOrEqualTo(minimumCases());
        assertThat(cases.stream().map(c -> c.get("name").asText()).distinct().count()).as("distinct names")
                .isEqualTo(cases.size());
        beforeCorpus();
        Map<String, Object> before = state();
        Stream<DynamicNode> each = cases.stream().map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        Stream<DynamicNode> after = Stream.of(DynamicTest.dynamicTest("database and queues unchanged",
                () -> assertThat(state()).isEqualTo(before)));
        return Stream.concat(each, after);
    }

    /** The corpus section this class sends: the request cases, on dev (auth mode none). */
    protected String section() {
        return "cases";
    }

    protected int minimumCases() {
        return 100;
    }

    /** Runs before the state the corpus must leave unchanged is taken. */
    protected void beforeCorpus() {
    }

    private void check(JsonNode c) {
        RawHttp.Response response = c.path("http09").asBoolean() ? http09(bytes(c))
                : RawHttp.send(port, bytes(c), c.path("halfClose").asBoolean());
        String describe = c.get("name").asText() + " -> " + response.status() + " " + response.headers() + " "
                + abbreviate(response.text());
        assertThat(response.status()).as(describe).isBetween(400, 499);
        if (c.hasNonNull("status")) {
            assertThat(response.status()).as(describe).isEqualTo(c.get("status").asInt());
        }
        if (!c.path("http09").asBoolean()) {
            assertThat(response.header("Content-Type")).as(describe).startsWith("application/problem+json");
        }
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).as(describe).isEqualTo(response.status());
        assertThat(problem.get("type").asText()).as(describe).isNotBlank();
        assertThat(problem.get("title").asText()).as(describe).isNotBlank();
        assertThat(problem.path("detail").asText()).as(describe)
                .doesNotContain("Exception", "at org.", "at com.", "jdbc:", "SELECT ", "http://", "https://www.sec.gov");
    }

    /** An HTTP/0.9 answer is the body alone: read it whole and take the problem's status as the answer's. */
    private RawHttp.Response http09(byte[] request) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request);
            byte[] body = socket.getInputStream().readAllBytes();
            JsonNode problem = JSON.readTree(body);
            return new RawHttp.Response(problem.path("status").asInt(-1), Map.of(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] bytes(JsonNode c) {
        if (c.has("raw")) {
            return expand(c.get("raw").asText()).getBytes(StandardCharsets.ISO_8859_1);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        c.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), expand(h.getValue().asText())));
        String authorization = authorization(c.get("auth"));
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        byte[] body = c.has("bodyBase64") ? Base64.getDecoder().decode(c.get("bodyBase64").asText())
                : c.has("body") ? expand(c.get("body").asText()).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (c.path("chunked").asBoolean()) {
            headers.put("Transfer-Encoding", "chunked");
            ByteArrayOutputStream chunked = new ByteArrayOutputStream();
            chunked.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            chunked.writeBytes(body);
            chunked.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            body = chunked.toByteArray();
        }
        boolean contentLength = c.path("contentLength").asBoolean(true) && !c.path("chunked").asBoolean();
        return RawHttp.request(c.get("method").asText(), expand(c.get("path").asText()), headers, body, contentLength);
    }

    /**
     * The Authorization header of a case: none without {@code auth}; {@code {"header": "..."}} as given;
     * {@code {"token": "<kind>"}} a token of that kind, made by {@link BadTokenCorpusTest} (which runs in mode jwt).
     */
    protected String authorization(JsonNode auth) {
        if (auth == null || auth.isNull()) {
            return null;
        }
        if (auth.has("header")) {
            return expand(auth.get("header").asText());
        }
        throw new AssertionError("token kinds are made in mode jwt only (BadTokenCorpusTest): " + auth);
    }

    private static String expand(String text) {
        Matcher m = REPEAT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2).repeat(Integer.parseInt(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** What a bad request must not change: the task tables and both queues (visible and in flight). */
    private Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        for (String table : List.of("tasks", "task_dedup", "task_transitions", "idempotent_keys")) {
            state.put(table, rows(table));
        }
        if (jdbc.queryForObject("SELECT to_regclass('users') IS NOT NULL", Boolean.class)) {
            state.put("users", rows("users"));
        }
        for (String queue : Stream.concat(Arrays.stream(TaskLane.values()).map(l -> "aperilex-tasks-" + l.wireName() + ".fifo"),
                Stream.of("aperilex-tasks-dlq.fifo")).toList()) {
            String url = devSqsClient.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            Map<QueueAttributeName, String> attributes = devSqsClient.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            state.put(queue, attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) + "/"
                    + attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        }
        return state;
    }

    private static JsonNode corpus() {
        try (InputStream in = BadInputCorpusTest.class.getResourceAsStream(CORPUS)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
