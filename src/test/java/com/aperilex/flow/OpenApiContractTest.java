package com.aperilex.flow;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract check itself, without a service: what it lets through and what it stops. */
class OpenApiContractTest {
    private static final String TASK_ID = "6f0c3a54-6d3b-4a52-9d7e-2f1c5e8b9a01";
    private static final HttpRequest SUBMIT = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/api/v1/analyses"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    private static final String REQUEST = "{\"email\": \"a@example.com\", \"ticker\": \"AAPL\"}";

    private static HttpHeaders headers(String contentType) {
        return HttpHeaders.of(Map.of("Content-Type", List.of(contentType), "Location", List.of("/api/v1/tasks/" + TASK_ID)),
                (name, value) -> true);
    }

    private static String accepted(String status, String extra) {
        return "{\"taskId\": \"" + TASK_ID + "\", \"status\": \"" + status + "\", \"statusUrl\": \"/api/v1/tasks/" + TASK_ID
                + "\", \"eventsUrl\": \"/api/v1/tasks/" + TASK_ID + "/events\"" + extra + "}";
    }

    @Test
    void aDocumentedExchangePasses() {
        assertThatCode(() -> OpenApiContract.check(SUBMIT, REQUEST, 202, headers("application/json"), accepted("QUEUED", "")))
                .doesNotThrowAnyException();
        // The 202 carries the task's own status, whichever it is.
        assertThatCode(() -> OpenApiContract.check(SUBMIT, REQUEST, 202, headers("application/json"), accepted("RETRYING", "")))
                .doesNotThrowAnyException();
    }

    @Test
    void anUndocumentedFieldStatusOrContentTypeFails() {
        assertThatThrownBy(() -> OpenApiContract.check(SUBMIT, REQUEST, 202, headers("application/json"),
                accepted("QUEUED", ", \"priority\": 1"))).isInstanceOf(AssertionError.class).hasMessageContaining("priority");
        assertThatThrownBy(() -> OpenApiContract.check(SUBMIT, REQUEST, 201, headers("application/json"),
                accepted("QUEUED", ""))).isInstanceOf(AssertionError.class).hasMessageContaining("201");
        assertThatThrownBy(() -> OpenApiContract.check(SUBMIT, REQUEST, 202, headers("text/plain"),
                accepted("QUEUED", ""))).isInstanceOf(AssertionError.class).hasMessageContaining("text/plain");
    }

    @Test
    void aForbiddenRequestPassesOnlyWhenRefused() {
        String unknownField = "{\"email\": \"a@example.com\", \"ticker\": \"AAPL\", \"priority\": 1}";
        String problem = "{\"type\": \"https://aperilex.com/problems/invalid-request\", \"title\": \"Invalid request\","
                + " \"status\": 400, \"detail\": \"Invalid fields: priority\", \"instance\": \"/api/v1/analyses\","
                + " \"errors\": [{\"field\": \"priority\", \"message\": \"unknown field\"}]}";
        assertThatCode(() -> OpenApiContract.check(SUBMIT, unknownField, 400, headers("application/problem+json"), problem))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> OpenApiContract.check(SUBMIT, unknownField, 202, headers("application/json"),
                accepted("QUEUED", ""))).isInstanceOf(AssertionError.class).hasMessageContaining("request the contract forbids");
    }
}
