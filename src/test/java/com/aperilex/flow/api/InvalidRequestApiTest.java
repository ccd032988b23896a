package com.aperilex.flow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.ServiceTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input gets its 4xx problem+json naming the fields, and nothing is written. */
class InvalidRequestApiTest extends ServiceTestSupport {
    private long tasksBefore;
    private long dedupBefore;

    @BeforeEach
    void countRows() {
        tasksBefore = rows("tasks");
        dedupBefore = rows("task_dedup");
    }

    @AfterEach
    void nothingWritten() {
        assertThat(rows("tasks")).as("task rows").isEqualTo(tasksBefore);
        assertThat(rows("task_dedup")).as("dedup rows").isEqualTo(dedupBefore);
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("bad email", "{\"email\": \"not-an-email\", \"ticker\": \"AAPL\"}", List.of("email")),
                Arguments.of("missing email", "{\"ticker\": \"AAPL\"}", List.of("email")),
                Arguments.of("empty ticker", "{\"email\": \"a@example.com\", \"ticker\": \"\"}", List.of("ticker")),
                Arguments.of("ticker too long", "{\"email\": \"a@example.com\", \"ticker\": \"ABCDEFGHIJK\"}", List.of("ticker")),
                Arguments.of("both ticker and cik",
                        "{\"email\": \"a@example.com\", \"ticker\": \"AAPL\", \"cik\": \"320193\"}", List.of("ticker", "cik")),
                Arguments.of("neither ticker nor cik", "{\"email\": \"a@example.com\"}", List.of("ticker", "cik")),
                Arguments.of("cik not digits", "{\"email\": \"a@example.com\", \"cik\": \"32O193\"}", List.of("cik")),
                Arguments.of("cik too long", "{\"email\": \"a@example.com\", \"cik\": 12345678901}", List.of("cik")),
                Arguments.of("unknown form", "{\"email\": \"a@example.com\", \"ticker\": \"AAPL\", \"formType\": \"10-X\"}",
                        List.of("formType")),
                Arguments.of("malformed accession",
                        "{\"email\": \"a@example.com\", \"ticker\": \"AAPL\", \"accessionNumber\": \"0000320193-24-123\"}",
                        List.of("accessionNumber")),
                Arguments.of("wrong JSON types",
                        "{\"email\": 42, \"ticker\": [\"AAPL\"], \"formType\": true, \"schemaVersion\": \"1\"}",
                        List.of("email", "ticker", "formType", "schemaVersion")),
                Arguments.of("unknown schemaVersion", "{\"email\": \"a@example.com\", \"ticker\": \"AAPL\", \"schemaVersion\": 2}",
                        List.of("schemaVersion")),
                Arguments.of("unknown field", "{\"email\": \"a@example.com\", \"ticker\": \"AAPL\", \"priority\": 1}",
                        List.of("priority")),
                Arguments.of("malformed JSON", "{\"email\": \"a@example.com\", ", List.of("body")),
                Arguments.of("JSON array", "[]", List.of("body")),
                Arguments.of("empty body", "", List.of("body")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void invalidBodyIsRejectedWithItsFieldNames(String name, String body, List<String> fields) {
        Reply reply = postJson(body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("type").asText()).endsWith("/invalid-request");
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/analyses");
        List<String> named = new ArrayList<>();
        problem.get("errors").forEach(e -> named.add(e.get("field").asText()));
        assertThat(named).containsAll(fields);
        fields.forEach(field -> assertThat(problem.get("detail").asText()).contains(field));
    }

    @Test
    void nonJsonBodyIs415() {
        Reply reply = send(HttpRequest.newBuilder(uri("/api/v1/analyses"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("email=a@example.com&ticker=AAPL")).build());

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("detail").asText()).contains("text/plain");
    }

    @Test
    void missingContentTypeIs415() {
        Reply reply = send(HttpRequest.newBuilder(uri("/api/v1/analyses"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"a@example.com\", \"ticker\": \"AAPL\"}")).build());

        assertThat(reply.status()).isEqualTo(415);
    }

    @Test
    void oversizeBodyIs413() {
        Reply reply = postJson(oversizeBody());

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("detail").asText()).contains("65536");
    }

    @Test
    void oversizeChunkedBodyWithoutContentLengthIs413() {
        byte[] bytes = oversizeBody().getBytes(StandardCharsets.UTF_8);
        // A publisher of unknown length makes the client send the body chunked, without Content-Length.
        HttpRequest.BodyPublisher chunked = new HttpRequest.BodyPublisher() {
            private final HttpRequest.BodyPublisher delegate = HttpRequest.BodyPublishers.ofByteArray(bytes);

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
                delegate.subscribe(subscriber);
            }
        };
        Reply reply = send(HttpRequest.newBuilder(uri("/api/v1/analyses"))
                .header("Content-Type", "application/json").POST(chunked).build());

        assertThat(reply.status()).isEqualTo(413);
    }

    @Test
    void bodyJustUnderTheLimitIsReadAndValidated() {
        // 64 KiB of padding inside a string field: accepted as a size, rejected as an unknown field.
        String padding = "x".repeat(65_536 - 100);
        Reply reply = postJson("{\"email\": \"a@example.com\", \"ticker\": \"AAPL\", \"pad\": \"" + padding + "\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("errors").get(0).get("field").asText()).isEqualTo("pad");
    }

    private static String oversizeBody() {
        return "{\"email\": \"a@example.com\", \"ticker\": \"AAPL\", \"pad\": \"" + "x".repeat(70_000) + "\"}";
    }
}
