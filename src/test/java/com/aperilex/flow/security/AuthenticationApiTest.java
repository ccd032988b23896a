package com.aperilex.flow.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.OpenApiContract;
import com.aperilex.flow.ServiceTestSupport;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.servers.TestIdentityProvider;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Mode jwt against a real OIDC provider in-process (discovery, JWKS, signed tokens), over real HTTP: who gets in,
 * who owns which task, and the stream tokens of the event stream. Every exchange is checked against the OpenAPI
 * document.
 */
class AuthenticationApiTest extends ServiceTestSupport {
    private static final TestIdentityProvider IDP = new TestIdentityProvider();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void jwt(DynamicPropertyRegistry registry) {
        registry.add("aperilex.auth.mode", () -> "jwt");
        registry.add("aperilex.auth.issuer-uri", IDP::issuer);
        registry.add("aperilex.auth.audience", () -> TestIdentityProvider.AUDIENCE);
        registry.add("aperilex.auth.admin-emails", () -> "boss@example.com");
    }

    @AfterAll
    static void stopProvider() {
        IDP.close();
    }

    @Autowired
    StreamTokens streamTokens;

    private static String subject() {
        return "user-" + UUID.randomUUID();
    }

    private static String body(String company) {
        return "{\"cik\": \"" + company + "\"}";
    }

    private Reply post(String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/analyses"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private Reply get(String token, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** The reply and its WWW-Authenticate header, for the 401 cases. */
    private HttpResponse<String> raw(HttpRequest request) {
        return OpenApiContract.send(request);
    }

    private static void assertUnauthenticated(HttpResponse<String> response, String wwwAuthenticate) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains(wwwAuthenticate);
        JsonNode problem = json(response.body());
        assertThat(problem.get("type").asText()).endsWith("unauthenticated");
        assertThat(problem.get("detail").asText()).startsWith(SecurityProblems.UNAUTHENTICATED_DETAIL);
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(body, e);
        }
    }

    @Test
    void everyBadTokenIs401WithWwwAuthenticateAndAFixedSentence() {
        String sub = subject();
        TestIdentityProvider foreign = new TestIdentityProvider();
        try {
            Map<String, String> tokens = new java.util.LinkedHashMap<>();
            tokens.put("malformed", "not-a-jwt");
            tokens.put("expired", IDP.token(TestIdentityProvider.ISSUER_ID, sub, TestIdentityProvider.AUDIENCE,
                    Map.of(), -600));
            tokens.put("wrong audience", IDP.token(TestIdentityProvider.ISSUER_ID, sub, "someone-else", Map.of(), 3600));
            tokens.put("unverified email", IDP.token(sub, Map.of("email", "x@example.com", "email_verified", false)));
            // Right claims and key id, but signed by a key the provider never published.
            tokens.put("wrongly signed", TestIdentityProvider.forged(IDP.tokenFor(sub, "x@example.com")));
            // A real token of another issuer.
            tokens.put("foreign issuer", foreign.token(TestIdentityProvider.ISSUER_ID, sub, TestIdentityProvider.AUDIENCE,
                    Map.of("iss", foreign.issuer()), 3600));
            // An alg=none token with the right claims.
            String[] good = IDP.tokenFor(sub, "x@example.com").split("\\.");
            tokens.put("unsigned", java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + good[1] + ".");

            for (Map.Entry<String, String> token : tokens.entrySet()) {
                HttpResponse<String> reply = raw(HttpRequest.newBuilder(uri("/api/v1/analyses"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token.getValue())
                        .POST(HttpRequest.BodyPublishers.ofString(body("320193"))).build());
                assertThat(reply.statusCode()).as(token.getKey()).isEqualTo(401);
                assertUnauthenticated(reply, "Bearer error=\"invalid_token\"");
                assertThat(reply.body()).as("the token is never echoed").doesNotContain(token.getValue());
            }
        } finally {
            foreign.close();
        }
        // No token at all: 401 on every API route, with a bare challenge.
        assertUnauthenticated(raw(HttpRequest.newBuilder(uri("/api/v1/analyses")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body("320193"))).build()), "Bearer");
        assertUnauthenticated(raw(HttpRequest.newBuilder(uri("/api/v1/tasks/" + TaskId.random())).GET().build()), "Bearer");
        assertUnauthenticated(raw(HttpRequest.newBuilder(uri("/api/v1/analyses/" + UUID.randomUUID())).GET().build()), "Bearer");
        assertUnauthenticated(raw(HttpRequest.newBuilder(uri("/api/v1/tasks/" + TaskId.random() + "/events")).GET().build()),
                "Bearer");
        assertThat(rows("users WHERE subject = '" + sub + "'")).as("no refused token made a user").isZero();

        // Probes and the contract need no token; security headers are on.
        HttpResponse<String> health = raw(HttpRequest.newBuilder(uri("/actuator/health/liveness")).GET().build());
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> contract = raw(HttpRequest.newBuilder(uri("/api/v1/openapi.json")).GET().build());
        assertThat(contract.statusCode()).isEqualTo(200);
        assertThat(contract.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void aRotatedSigningKeyIsFetchedWhenATokenNamesIt() {
        String sub = subject();
        assertThat(get(IDP.tokenFor(sub, "rot@example.com"), "/api/v1/analyses/" + UUID.randomUUID()).status())
                .as("the first key works (and the key set is cached)").isEqualTo(404);

        IDP.publish("rotated-key");
        String rotated = IDP.token("rotated-key", sub, TestIdentityProvider.AUDIENCE,
                Map.of("email", "rot@example.com", "email_verified", true), 3600);
        assertThat(get(rotated, "/api/v1/analyses/" + UUID.randomUUID()).status())
                .as("a token of the new key, unknown to the cache, is accepted at once").isEqualTo(404);
        assertThat(get(IDP.tokenFor(sub, "rot@example.com"), "/api/v1/analyses/" + UUID.randomUUID()).status())
                .as("the old key, still published, too").isEqualTo(404);
        assertThat(get(IDP.token("unpublished-key", sub, TestIdentityProvider.AUDIENCE, Map.of(), 3600),
                "/api/v1/analyses/" + UUID.randomUUID()).status()).as("a key never published").isEqualTo(401);
    }

    @Test
    void aBodyEmailOtherThanTheTokensIs403AndTheSameOrNoneIsFine() {
        String sub = subject();
        String token = IDP.tokenFor(sub, "jane@example.com");

        Reply mismatch = post(token, "{\"email\": \"john@example.com\", \"cik\": \"320193\"}");
        assertThat(mismatch.status()).isEqualTo(403);
        assertThat(mismatch.contentType()).startsWith("application/problem+json");
        assertThat(mismatch.json().get("type").asText()).endsWith("identity-mismatch");

        // A token without an email cannot vouch for one.
        Reply noEmailClaim = post(IDP.token(subject(), Map.of()), "{\"email\": \"jane@example.com\", \"cik\": \"320193\"}");
        assertThat(noEmailClaim.status()).isEqualTo(403);

        Reply same = post(token, "{\"email\": \"Jane@Example.com\", \"cik\": \"3700201\"}");
        assertThat(same.status()).isEqualTo(202);
        Reply absent = post(token, body("3700201"));
        assertThat(absent.status()).isEqualTo(202);
        assertThat(absent.json().get("taskId")).isEqualTo(same.json().get("taskId"));
        assertThat(jdbc.queryForObject("SELECT email FROM tasks WHERE id = ?::uuid", String.class,
                absent.json().get("taskId").asText())).isEqualTo("jane@example.com");
        assertThat(post(IDP.token(subject(), Map.of()), body("3700201")).status())
                .as("no email anywhere is fine").isEqualTo(202);
    }

    @Test
    void twoUsersAskingForTheSameFilingGetTaskOfTheirOwnAndNeitherSeesTheOthers() throws Exception {
        String alice = IDP.tokenFor(subject(), "alice@example.com");
        String bob = IDP.tokenFor(subject(), "bob@example.com");

        Reply aliceTask = post(alice, body("3700002"));
        Reply bobTask = post(bob, body("3700002"));
        assertThat(aliceTask.status()).isEqualTo(202);
        assertThat(bobTask.status()).isEqualTo(202);
        String aliceId = aliceTask.json().get("taskId").asText();
        String bobId = bobTask.json().get("taskId").asText();
        assertThat(bobId).as("nobody is handed someone else's task").isNotEqualTo(aliceId);
        assertThat(post(alice, body("3700002")).json().get("taskId").asText()).as("dedup per user").isEqualTo(aliceId);

        Reply own = get(alice, "/api/v1/tasks/" + aliceId);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("userId").asText()).isEqualTo(jdbc.queryForObject(
                "SELECT user_id::text FROM tasks WHERE id = ?::uuid", String.class, aliceId));
        assertThat(own.json().get("request").has("email")).isFalse();
        HttpResponse<String> headers = raw(HttpRequest.newBuilder(uri("/api/v1/tasks/" + aliceId))
                .header("Authorization", "Bearer " + alice).GET().build());
        assertThat(headers.headers().firstValue("Cache-Control").orElse("")).as("a user's task is never cached")
                .contains("no-store");
        assertThat(headers.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(headers.headers().firstValue("Set-Cookie")).as("stateless: no session").isEmpty();

        // Bob asking for Alice's task learns exactly what an unknown id tells.
        Reply foreign = get(bob, "/api/v1/tasks/" + aliceId);
        Reply unknown = get(bob, "/api/v1/tasks/" + TaskId.random());
        assertThat(foreign.status()).isEqualTo(404).isEqualTo(unknown.status());
        assertThat(foreign.json().get("type")).isEqualTo(unknown.json().get("type"));
        assertThat(foreign.json().get("detail").asText().replace(aliceId, "ID"))
                .isEqualTo(unknown.json().get("detail").asText().replaceAll("[0-9a-f-]{36}", "ID"));
        assertThat(get(bob, "/api/v1/tasks/" + aliceId + "?waitSeconds=1").status()).as("long-poll").isEqualTo(404);
        assertThat(stream(uri("/api/v1/tasks/" + aliceId + "/events"), bob).status).as("events, bearer").isEqualTo(404);
        // Bob's stream token is good for his own task only.
        String bobEvents = bobTask.json().get("eventsUrl").asText();
        String bobToken = bobEvents.substring(bobEvents.indexOf("?token=") + 7);
        assertThat(stream(uri("/api/v1/tasks/" + aliceId + "/events?token=" + bobToken), null).status)
                .as("events, another task's stream token").isEqualTo(401);
    }

    @Test
    void administratorsReadEveryTaskByClaimOrEmail() {
        String owner = IDP.tokenFor(subject(), "owner@example.com");
        String taskId = post(owner, body("3700003")).json().get("taskId").asText();

        String byClaim = IDP.token(subject(), Map.of("groups", List.of("staff", "aperilex-admin")));
        String byEmail = IDP.tokenFor(subject(), "Boss@Example.com");
        String nobody = IDP.token(subject(), Map.of("groups", List.of("staff")));

        assertThat(get(byClaim, "/api/v1/tasks/" + taskId).status()).isEqualTo(200);
        assertThat(get(byEmail, "/api/v1/tasks/" + taskId).status()).isEqualTo(200);
        assertThat(get(nobody, "/api/v1/tasks/" + taskId).status()).isEqualTo(404);
        assertThat(stream(uri("/api/v1/tasks/" + taskId + "/events"), byClaim).status).isEqualTo(200);
    }

    @Test
    void theStreamTokenOfThe202OpensTheStreamWithoutAHeaderUntilItExpires() {
        String token = IDP.tokenFor(subject(), "streamer@example.com");
        Reply accepted = post(token, body("3700004"));
        String taskId = accepted.json().get("taskId").asText();
        String eventsUrl = accepted.json().get("eventsUrl").asText();

        // As EventSource does: a plain GET of the URL as given, no Authorization header.
        Stream opened = stream(uri(eventsUrl), null);
        assertThat(opened.status).isEqualTo(200);
        assertThat(opened.contentType).startsWith("text/event-stream");
        assertThat(opened.firstData.get("taskId").asText()).isEqualTo(taskId);

        UserId owner = UserId.parse(jdbc.queryForObject("SELECT user_id::text FROM tasks WHERE id = ?::uuid",
                String.class, taskId));
        String expired = streamTokens.sign(owner, TaskId.parse(taskId), Instant.now().minus(Duration.ofMinutes(11)));
        String forged = new StreamTokens(() -> "another-key-another-key-another-key".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(10)).sign(owner, TaskId.parse(taskId), Instant.now());
        for (String bad : List.of(expired, forged, "garbage")) {
            Stream refused = stream(uri("/api/v1/tasks/" + taskId + "/events?token=" + bad), null);
            assertThat(refused.status).as(bad).isEqualTo(401);
            assertThat(refused.contentType).startsWith("application/problem+json");
        }
        // The owner's bearer token opens it too.
        assertThat(stream(uri("/api/v1/tasks/" + taskId + "/events"), token).status).isEqualTo(200);
    }

    @Test
    void aNewSubjectsUserRowIsMadeOnceUnderConcurrency() throws Exception {
        String sub = subject();
        String token = IDP.tokenFor(sub, "concurrent@example.com");
        int callers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> replies = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Callable<Integer> call = () -> {
                    start.await();
                    return get(token, "/api/v1/analyses/" + UUID.randomUUID()).status();
                };
                replies.add(pool.submit(call));
            }
            start.countDown();
            for (Future<Integer> reply : replies) {
                assertThat(reply.get()).isEqualTo(404);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForList("SELECT email FROM users WHERE subject = ?", String.class, sub))
                .containsExactly("concurrent@example.com");
    }

    /** What an EventSource sees of a stream: its status, type and first event (then it is closed). */
    record Stream(int status, String contentType, JsonNode firstData) {
    }

    private static Stream stream(URI uri, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<java.io.InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            OpenApiContract.checkStreamHead(request, response.statusCode(), response.headers());
            String type = response.headers().firstValue("Content-Type").orElse("");
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                if (response.statusCode() != 200) {
                    return new Stream(response.statusCode(), type, json(lines.lines().reduce("", String::concat)));
                }
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data:")) {
                        return new Stream(200, type, json(line.substring(5).strip()));
                    }
                }
                return new Stream(200, type, null);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
