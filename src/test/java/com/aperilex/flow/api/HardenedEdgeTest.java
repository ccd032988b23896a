package com.aperilex.flow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.ServiceTestSupport;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.events.TaskEvent;
import com.aperilex.flow.events.TaskEventRepository;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The hardened edge, from outside: paths by their plain form only, one body limit for every path, every
 * error the server itself produces as problem+json (the container's 400s, 404, 405, 406, 415), and task
 * errors shown by their code's fixed sentence.
 */
class HardenedEdgeTest extends ServiceTestSupport {
    private static final String TASK = "/api/v1/tasks/3f2c1a9e-8b1d-4c55-9a7e-2d4b6f8e0c11";

    @Autowired
    TaskEventRepository events;

    private RawHttp.Response raw(String method, String target, Map<String, String> headers, byte[] body) {
        return RawHttp.send(port, RawHttp.request(method, target, headers, body, true));
    }

    private RawHttp.Response raw(String method, String target) {
        return raw(method, target, Map.of(), null);
    }

    private static JsonNode problem(RawHttp.Response response, int status, String slug) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).isEqualTo("https://aperilex.com/problems/" + slug);
        return problem;
    }

    private static Map<String, String> json() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return headers;
    }

    @Test
    void anEncodedPathNoLongerSkipsTheBodyLimit() {
        byte[] big = ("{\"email\": \"a@example.com\", \"ticker\": \"AAPL\", \"pad\": \"" + "x".repeat(150_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        problem(raw("POST", "/%61pi/v1/analyses", json(), big), 413, "payload-too-large");
        // Small enough to pass the limit, the encoded path itself is refused before any route.
        problem(raw("POST", "/%61pi/v1/analyses", json(), "{}".getBytes(StandardCharsets.UTF_8)), 400, "bad-request");
    }

    @Test
    void everyPathHasTheBodyLimitChunkedOrNot() {
        byte[] big = "x".repeat(70_000).getBytes(StandardCharsets.UTF_8);
        problem(raw("POST", "/nope", json(), big), 413, "payload-too-large");
        problem(raw("POST", "/actuator/health", json(), big), 413, "payload-too-large");
        Map<String, String> chunked = json();
        chunked.put("Transfer-Encoding", "chunked");
        byte[] body = ("11170\r\n" + "x".repeat(70_000) + "\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        problem(RawHttp.send(port, RawHttp.request("POST", "/actuator/health", chunked, body, false)), 413,
                "payload-too-large");
    }

    @Test
    void pathsThatAreNotPlainAre400() {
        for (String path : new String[] {"/api/v1/tasks/%33f2c1a9e-8b1d-4c55-9a7e-2d4b6f8e0c11", TASK + ";a=b",
                "/api/v1//tasks/x", "/api/v1/./tasks/x", "/api/v1/x/../tasks/x", "/api/v1/tasks/%2e%2e", "/api/v1/tasks/%2F"}) {
            JsonNode problem = problem(raw("GET", path), 400, "bad-request");
            assertThat(problem.get("detail").asText()).as(path).doesNotContain("Exception");
        }
        // Refused by Tomcat itself, answered by its error report valve in the same shape.
        problem(raw("GET", "/api\\v1/tasks/x"), 400, "bad-request");
        problem(RawHttp.send(port, "GET /api/v1/tasks/\u00e9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1)), 400, "bad-request");
    }

    @Test
    void theContainersOwn400sAreProblems() {
        for (String request : new String[] {"GARBAGE\r\n\r\n", "GET /x HTTP/1.1\r\nBad Header\r\n\r\n",
                "GET /x HTTP/1.1\r\nConnection: close\r\n\r\n", "GET /x HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(20_000) + "\r\n\r\n",
                "GET /x HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n",
                "POST /api/v1/analyses HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nConnection: close\r\n\r\n{}"}) {
            JsonNode problem = problem(RawHttp.send(port, request.getBytes(StandardCharsets.ISO_8859_1)), 400, "bad-request");
            assertThat(problem.get("detail").asText()).doesNotContain("Invalid character", "RFC", "Exception");
        }
    }

    @Test
    void unknownPathsAndWrongMethodsAreProblems() {
        problem(raw("GET", "/nope"), 404, "not-found");
        problem(raw("GET", "/error"), 404, "not-found");
        RawHttp.Response delete = raw("DELETE", "/api/v1/analyses");
        problem(delete, 405, "method-not-allowed");
        assertThat(delete.header("Allow")).isEqualTo("POST");
        problem(raw("PUT", "/api/v1/tasks/x", json(), "{}".getBytes(StandardCharsets.UTF_8)), 405, "method-not-allowed");
        problem(raw("POST", TASK + "/events", json(), "{}".getBytes(StandardCharsets.UTF_8)), 405, "method-not-allowed");
        problem(raw("TRACE", "/api/v1/analyses"), 405, "method-not-allowed");
        problem(raw("FOO", "/api/v1/analyses"), 405, "method-not-allowed");
    }

    @Test
    void anAcceptTheApiCannotServeIs406() {
        Reply reply = send(HttpRequest.newBuilder(uri(TASK)).header("Accept", "text/html").GET().build());
        assertThat(reply.status()).isEqualTo(406);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("type").asText()).endsWith("/not-acceptable");
        // What a browser's EventSource and a JSON client send pass.
        assertThat(send(HttpRequest.newBuilder(uri(TASK + "/events")).header("Accept", "text/event-stream").GET().build())
                .status()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(uri(TASK)).header("Accept", "application/json, text/plain, */*").GET().build())
                .status()).isEqualTo(404);
    }

    @Test
    void encodedAndFormBodiesAre415() throws Exception {
        byte[] valid = ("{\"email\": \"" + uniqueEmail() + "\", \"ticker\": \"AAPL\"}").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(valid);
        }
        long tasks = rows("tasks");
        Reply gzip = send(HttpRequest.newBuilder(uri("/api/v1/analyses")).header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray())).build());
        assertThat(gzip.status()).isEqualTo(415);
        assertThat(gzip.contentType()).startsWith("application/problem+json");
        Reply form = send(HttpRequest.newBuilder(uri("/api/v1/analyses"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=a%40example.com&ticker=AAPL")).build());
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.json().get("type").asText()).endsWith("/unsupported-media-type");
        Reply multipart = send(HttpRequest.newBuilder(uri("/api/v1/analyses"))
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString("--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n"
                        + "a@example.com\r\n--b--\r\n")).build());
        assertThat(multipart.status()).isEqualTo(415);
        Reply latin1 = send(HttpRequest.newBuilder(uri("/api/v1/analyses"))
                .header("Content-Type", "application/json; charset=iso-8859-1").POST(HttpRequest.BodyPublishers.ofByteArray(valid)).build());
        assertThat(latin1.status()).isEqualTo(415);
        assertThat(rows("tasks")).isEqualTo(tasks);
    }

    @Test
    void invalidUtf8AndUtf16BodiesAre400() {
        byte[] body = "{\"email\": \"a@example.com\", \"ticker\": \"AA#PL\"}".getBytes(StandardCharsets.UTF_8);
        body[new String(body, StandardCharsets.UTF_8).indexOf('#')] = (byte) 0xff;
        JsonNode problem = problem(raw("POST", "/api/v1/analyses", json(), body), 400, "invalid-request");
        assertThat(problem.get("errors").get(0).get("message").asText()).isEqualTo("malformed JSON: the body is not valid UTF-8");
        // Valid UTF-8 bytes (NULs), but not UTF-8 JSON text: not guessed as UTF-16.
        byte[] utf16 = ("{\"email\": \"" + uniqueEmail() + "\", \"ticker\": \"AAPL\"}").getBytes(StandardCharsets.UTF_16LE);
        long tasks = rows("tasks");
        problem(raw("POST", "/api/v1/analyses", json(), utf16), 400, "invalid-request");
        assertThat(rows("tasks")).isEqualTo(tasks);
    }

    @Test
    void duplicateKeysTrailingContentAndFoldedIdentifiersAre400() {
        String email = uniqueEmail();
        Reply duplicate = postJson("{\"email\": \"" + email + "\", \"ticker\": \"AAPL\", \"ticker\": \"MSFT\"}");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.json().get("errors").get(0).get("message").asText()).startsWith("malformed JSON: duplicate field 'ticker'");
        Reply trailing = postJson("{\"email\": \"" + email + "\", \"ticker\": \"AAPL\"} {\"ticker\": \"MSFT\"}");
        assertThat(trailing.status()).isEqualTo(400);
        assertThat(trailing.json().get("errors").get(0).get("message").asText()).startsWith("malformed JSON: content after the JSON value");
        Reply longS = postJson("{\"email\": \"" + email + "\", \"ticker\": \"\u017fpy\"}");
        assertThat(longS.status()).isEqualTo(400);
        assertThat(longS.json().get("errors").get(0).get("field").asText()).isEqualTo("ticker");
        Reply kelvin = postJson("{\"email\": \"\u212a" + email + "\", \"ticker\": \"SPY\"}");
        assertThat(kelvin.status()).isEqualTo(400);
        assertThat(kelvin.json().get("errors").get(0).get("field").asText()).isEqualTo("email");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tasks WHERE email = ?", Long.class, email)).isZero();
    }

    @Test
    void aTaskErrorShowsItsCodesSentenceNotTheStoredDetail() {
        // EDGAR leads nowhere in these tests (see config/application.properties): the task's first run fails
        // transiently with an exception naming an internal URL, and waits RETRYING.
        Reply accepted = postJson("{\"email\": \"" + uniqueEmail() + "\", \"ticker\": \"AAPL\"}");
        assertThat(accepted.status()).isEqualTo(202);
        String taskId = accepted.json().get("taskId").asText();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get("/api/v1/tasks/" + taskId).json().get("status").asText()).isEqualTo("RETRYING"));

        JsonNode error = get("/api/v1/tasks/" + taskId).json().get("error");
        ErrorCode code = ErrorCode.valueOf(error.get("code").asText());
        assertThat(error.get("message").asText()).isEqualTo(code.publicMessage()).doesNotContain("http", "Exception");
        String stored = jdbc.queryForObject("SELECT error_message FROM tasks WHERE id = ?::uuid", String.class, taskId);
        assertThat(stored).as("the detail stays stored for operators").isNotEqualTo(code.publicMessage()).contains("127.0.0.1");
        TaskEvent event = events.latest(TaskId.parse(taskId)).orElseThrow();
        assertThat(event.error().code()).isEqualTo(code.name());
        assertThat(event.error().message()).isEqualTo(code.publicMessage());
    }

    @Autowired
    RequestRejectedHandler rejectedRequests;

    @Test
    void theFirewallsRejectionIsAnsweredAsTheEdgeFilterAnswers() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/tasks/x;a=b");
        MockHttpServletResponse response = new MockHttpServletResponse();
        // The application's one RequestRejectedHandler, which Spring Security's WebSecurity takes.
        assertThat(rejectedRequests).isInstanceOf(RejectedRequestProblems.class);
        rejectedRequests.handle(request, response, new RequestRejectedException(
                "The request was rejected because the URL contained a potentially malicious String \";\""));

        RawHttp.Response edge = raw("GET", "/api/v1/tasks/x;a=b");
        assertThat(response.getStatus()).isEqualTo(edge.status()).isEqualTo(400);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode fromFirewall = JSON.readTree(response.getContentAsByteArray());
        assertThat(fromFirewall.get("type")).isEqualTo(edge.json().get("type"));
        assertThat(fromFirewall.get("instance")).isEqualTo(edge.json().get("instance"));
        assertThat(fromFirewall.get("detail").asText()).doesNotContain("malicious");
    }
}
