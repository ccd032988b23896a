package com.aperilex.flow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.servers.FreePorts;
import com.aperilex.flow.servers.ServiceReplica;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling update: the service gets SIGTERM while clients hold event streams and long-polls. Shutdown
 * begins by ending every stream cleanly (with a reconnect hint) and answering every parked long-poll, so
 * the process exits well inside Kubernetes' 30 s grace period instead of waiting on streams that would last
 * 30 minutes. The service runs in a JVM of its own (dev profile) so that it can be signalled.
 */
class GracefulShutdownTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Process service;

    @AfterEach
    void cleanUp() {
        if (service != null) {
            service.destroyForcibly();
        }
    }

    @Test
    void sigtermWithOpenStreamsAndLongPollsExitsWellInsideTheGracePeriod() throws Exception {
        int port = FreePorts.loopback();
        String data = "target/test-data/" + UUID.randomUUID();
        service = ServiceReplica.withProfiles("dev").properties(
                "server.port=" + port,
                "aperilex.dev.postgres-data-directory=" + data + "/postgres",
                "aperilex.storage.local-directory=" + data + "/storage",
                // EDGAR leads nowhere (test config): the task stays RETRYING, its stream open.
                "aperilex.worker.retry.initial-backoff=10m").startProcess("graceful-shutdown");
        String base = "http://127.0.0.1:" + port;

        HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/api/v1/analyses"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"graceful@example.com\",\"cik\":\"3600101\"}")).build();
        String taskId = JSON.readTree(HTTP.send(post, HttpResponse.BodyHandlers.ofString()).body()).get("taskId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> status(base, taskId).equals("RETRYING"));

        List<SseClient> streams = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            streams.add(SseClient.open(URI.create(base + "/api/v1/tasks/" + taskId + "/events"), null));
        }
        List<CompletableFuture<HttpResponse<String>>> longPolls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            longPolls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks/" + taskId + "?waitSeconds=30"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> streams.stream().allMatch(s -> !s.events.isEmpty()));
        Thread.sleep(500); // the long-polls are parked by now

        long signalled = System.nanoTime();
        service.destroy(); // SIGTERM
        for (SseClient stream : streams) {
            stream.awaitEnd(Duration.ofSeconds(20)); // ends normally: no reset, no error
            assertThat(stream.comments).contains("server shutting down");
            assertThat(stream.body.toString()).contains("retry:");
            assertThat(stream.statuses()).containsExactly("RETRYING");
        }
        for (CompletableFuture<HttpResponse<String>> poll : longPolls) {
            HttpResponse<String> answered = poll.get(20, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(200);
            JsonNode task = JSON.readTree(answered.body());
            assertThat(task.get("status").asText()).isEqualTo("RETRYING");
        }
        assertThat(service.waitFor(25, TimeUnit.SECONDS)).as("exited within 25 s of SIGTERM").isTrue();
        long exitedMs = (System.nanoTime() - signalled) / 1_000_000;
        System.out.printf("GracefulShutdownTest: exited %d ms after SIGTERM with 3 streams and 3 long-polls open%n", exitedMs);
        assertThat(exitedMs).isLessThan(25_000);
    }

    private static String status(String base, String taskId) throws Exception {
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks/" + taskId)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(reply.body()).get("status").asText();
    }
}
