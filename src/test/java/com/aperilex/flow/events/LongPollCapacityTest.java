package com.aperilex.flow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.OpenApiContract;
import com.aperilex.flow.ServiceTestSupport;
import com.aperilex.flow.api.TaskLongPolls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Long-polls hold no thread: with 50 of them parked, POST and GET still answer at once, and the 51st from
 * the same caller is refused with 429 instead of parking. (Before, a long-poll held one of the eight
 * threads Camel's platform-http runs every REST route on, and eight froze the API for 30 s.) Event streams are
 * capped per user the same way: the stream token's user, or the client's address without one; a task's and an
 * import's streams count together (before, import streams had a cap of their own, per replica only).
 */
@TestPropertySource(properties = {
        "aperilex.events.max-long-polls-per-user=50",
        "aperilex.events.max-long-polls=60",
        "aperilex.events.max-streams-per-user=2"
})
class LongPollCapacityTest extends ServiceTestSupport {
    private static final int PARKED = 50;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    TaskLongPolls longPolls;

    @Autowired
    EventStreams streams;

    @Test
    void fiftyParkedLongPollsLeaveTheApiAnswering() throws Exception {
        // EDGAR leads nowhere here: the task fails its first run transiently and waits far off as RETRYING.
        String taskId = postJson("{\"email\":\"" + uniqueEmail() + "\",\"cik\":\"3600001\"}").json().get("taskId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/tasks/" + taskId).json().get("status").asText()
                .equals("RETRYING"));

        URI wait = uri("/api/v1/tasks/" + taskId + "?waitSeconds=20");
        List<CompletableFuture<HttpResponse<String>>> parked = new ArrayList<>();
        for (int i = 0; i < PARKED; i++) {
            parked.add(HTTP.sendAsync(HttpRequest.newBuilder(wait).build(), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> longPolls.heldWaits() == PARKED);

        long started = System.nanoTime();
        Reply posted = postJson("{\"email\":\"" + uniqueEmail() + "\",\"cik\":\"3600002\"}");
        long postMs = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        Reply read = get("/api/v1/tasks/" + taskId);
        long getMs = (System.nanoTime() - started) / 1_000_000;

        HttpRequest oneMore = HttpRequest.newBuilder(wait).build();
        HttpResponse<String> refused = HTTP.send(oneMore, HttpResponse.BodyHandlers.ofString());
        OpenApiContract.check(oneMore, null, refused.statusCode(), refused.headers(), refused.body());

        assertThat(posted.status()).isEqualTo(202);
        assertThat(read.status()).isEqualTo(200);
        // A functional bound, not a benchmark (tens of ms on an idle machine; CI may be loaded): before, each of
        // these waited out the long-polls, 20 s here.
        assertThat(postMs).as("POST with %d long-polls parked", PARKED).isLessThan(2_000);
        assertThat(getMs).as("GET with %d long-polls parked", PARKED).isLessThan(2_000);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("too-many-waits");
        assertThat(parked).noneMatch(CompletableFuture::isDone);

        // Each parked wait answers the unchanged task when its time is up, and gives its place back.
        for (CompletableFuture<HttpResponse<String>> reply : parked) {
            HttpResponse<String> answered = reply.get();
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(answered.body()).get("status").asText()).isEqualTo("RETRYING");
        }
        assertThat(longPolls.heldWaits()).isZero();
    }

    @Test
    void aWaitOnAnUnknownOrMalformedTaskIsAnsweredAtOnce() {
        long started = System.nanoTime();
        Reply unknown = get("/api/v1/tasks/6f0c3a54-6d3b-4a52-9d7e-2f1c5e8b9a02?waitSeconds=20");
        Reply malformed = get("/api/v1/tasks/nope?waitSeconds=20");
        Reply badWait = get("/api/v1/tasks/6f0c3a54-6d3b-4a52-9d7e-2f1c5e8b9a02?waitSeconds=%D9%A3");
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(malformed.status()).isEqualTo(400);
        // An Arabic-Indic digit three is not a number of seconds here.
        assertThat(badWait.status()).isEqualTo(400);
        assertThat(tookMs).isLessThan(10_000);
        assertThat(longPolls.heldWaits()).isZero();
    }

    @Test
    void aUserHoldsAtMostTheirShareOfEventStreams() {
        Reply accepted = postJson("{\"email\":\"" + uniqueEmail() + "\",\"cik\":\"3600003\"}");
        String eventsUrl = accepted.json().get("eventsUrl").asText();
        assertThat(eventsUrl).contains("token=");

        SseClient first = SseClient.open(uri(eventsUrl), null);
        SseClient second = SseClient.open(uri(eventsUrl), null);
        SseClient third = SseClient.open(uri(eventsUrl), null).awaitEnd(Duration.ofSeconds(10));
        // Without the token the stream counts against the client's address, which holds none yet.
        String plain = eventsUrl.substring(0, eventsUrl.indexOf('?'));
        SseClient anonymous = SseClient.open(uri(plain), null);

        assertThat(first.status).isEqualTo(200);
        assertThat(second.status).isEqualTo(200);
        assertThat(third.status).isEqualTo(429);
        assertThat(third.contentType).startsWith("application/problem+json");
        assertThat(third.body.toString()).contains("too-many-waits");
        assertThat(anonymous.status).isEqualTo(200);
        first.close();
        second.close();
        anonymous.close();
    }

    @Test
    void aUsersImportStreamsShareTheirCapWithTheirTaskStreams() {
        String email = uniqueEmail();
        String taskEvents = postJson("{\"email\":\"" + email + "\",\"cik\":\"3600004\"}").json().get("eventsUrl").asText();
        // Resolution is off in this context: the import stays RESOLVING, its stream open.
        Reply imported = send(HttpRequest.newBuilder(uri("/api/v1/imports"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"ciks\":[3600005],\"years\":1}"))
                .build());
        assertThat(imported.status()).as(imported.body()).isEqualTo(202);
        String importEvents = imported.json().get("eventsUrl").asText();
        int before = streams.openStreams();

        SseClient task = SseClient.open(uri(taskEvents), null);
        SseClient progress = SseClient.open(uri(importEvents), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> !progress.events.isEmpty());
        SseClient refused = SseClient.open(uri(importEvents), null).awaitEnd(Duration.ofSeconds(10));

        assertThat(task.status).isEqualTo(200);
        assertThat(progress.status).isEqualTo(200);
        assertThat(progress.events.get(0).data().get("status").asText()).isEqualTo("RESOLVING");
        assertThat(refused.status).isEqualTo(429);
        assertThat(refused.contentType).startsWith("application/problem+json");
        assertThat(refused.body.toString()).contains("too-many-waits").contains("/api/v1/imports/");
        // aperilex_event_streams_open counts both kinds.
        assertThat(streams.openStreams()).isEqualTo(before + 2);
        task.close();
        progress.close();
    }
}
