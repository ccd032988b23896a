package com.aperilex.flow.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.dev.EmbeddedServers;
import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * PostgreSQL stopped under a running service (dev profile: the embedded server, on a port and data folder of
 * this test's own so it can be started again where it was): the API answers 503 service-unavailable with
 * Retry-After instead of 500s, readiness is DOWN so Kubernetes stops routing here while liveness stays UP (no
 * restart for an outage), and once PostgreSQL is back every task accepted before the outage completes (those
 * caught mid-run once their lease, aperilex.worker.lease, has run out).
 */
@DirtiesContext
// A task caught mid-run cannot record anything while the database is gone: it is taken back when its lease
// runs out (2 minutes by default), and its queue message, left unacknowledged, holds its FIFO group until the
// visibility timeout (aperilex.dev.sqs-visibility-timeout, 300 s by default) ends. Both short here, so the test takes seconds, not minutes.
@TestPropertySource(properties = {"aperilex.llm.provider=none", "spring.datasource.hikari.connection-timeout=2000",
        "aperilex.worker.lease=6s", "aperilex.edgar.response-timeout-ms=10000", "aperilex.worker.retry.max-attempts=5",
        "aperilex.dev.sqs-visibility-timeout=10s"})
class DatabaseOutageTest extends PipelineTestSupport {
    private static final int PG_PORT = freePort();
    private static final Path PG_DATA = Path.of("target/test-data/outage-" + UUID.randomUUID() + "/postgres")
            .toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("aperilex.dev.postgres-port", () -> PG_PORT);
        registry.add("aperilex.dev.postgres-data-directory", PG_DATA::toString);
    }

    @Autowired
    EmbeddedServers servers;

    @Test
    void whilePostgresIsDownTheApiAnswers503AndReadinessIsDownThenEveryAcceptedTaskCompletes() throws Exception {
        // Tasks in flight when the database goes: their documents come slowly, so they are mid-pipeline.
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long cik = 1000701 + i;
            String accession = "000%d-24-000001".formatted(cik);
            EDGAR.submissions(cik, submissions(cik, "Outage Corp " + i, accession, "outage-10k.htm"));
            EDGAR.server().stubFor(WireMock.get(urlEqualTo(EdgarStub.archivesPath(cik, accession, "outage-10k.htm")))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                            .withFixedDelay(i % 2 == 0 ? 2000 : 0)
                            .withBody(EdgarStub.fixtureDocument("Outage Corp " + i))));
            accepted.add(submit("""
                    {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)));
        }
        String before = accepted.get(0);
        // Ready once every lane's consumer has polled (right after the context starts, a lane may not have yet).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(health("readiness").statusCode()).isEqualTo(200));

        servers.postgres().close();
        try {
            Reply post = postJson("""
                    {"email": "%s", "cik": "320193"}""".formatted(uniqueEmail()));
            assertUnavailable(post, "/api/v1/analyses");
            assertUnavailable(get("/api/v1/tasks/" + before), "/api/v1/tasks/" + before);
            assertUnavailable(get("/api/v1/tasks/" + before + "/events"), "/api/v1/tasks/" + before + "/events");
            HttpResponse<String> retryAfter = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/tasks/" + before))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(retryAfter.headers().firstValue("Retry-After")).contains("5");
            HttpResponse<String> events = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/tasks/" + before + "/events"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(events.headers().firstValue("Retry-After")).contains("5");

            HttpResponse<String> readiness = health("readiness");
            assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
            assertThat(JSON.readTree(readiness.body()).get("status").asText()).isEqualTo("DOWN");
            HttpResponse<String> liveness = health("liveness");
            assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
            assertThat(JSON.readTree(liveness.body()).get("status").asText()).isEqualTo("UP");
            Thread.sleep(3000); // an outage of some seconds, not a blip
        } finally {
            restartPostgres();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(health("readiness").statusCode()).isEqualTo(200));
        for (String task : accepted) {
            JsonNode done = awaitFinished(task, Duration.ofSeconds(90));
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        }
        // And new work is taken again.
        serveCompany(1000710, "After Outage Corp", "0001000710-24-000001", "after-10k.htm");
        String after = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), 1000710));
        assertThat(awaitFinished(after).get("status").asText()).isEqualTo("COMPLETED");
    }

    private static void assertUnavailable(Reply reply, String instance) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(503);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("type").asText()).endsWith("/service-unavailable");
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("instance").asText()).isEqualTo(instance);
        // The public message says what to do, never the driver's text.
        assertThat(reply.body()).doesNotContain("Connection", "jdbc", "postgres", "Exception");
    }

    private HttpResponse<String> health(String group) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri("/actuator/health/" + group)).timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** PostgreSQL again on its port and data folder, as an operator's restart would bring it back. */
    private static void restartPostgres() throws IOException {
        EmbeddedPostgres restarted = EmbeddedPostgres.builder().setDataDirectory(PG_DATA).setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("max_connections", "100")
                .setPort(PG_PORT).start();
        // Outlives this test's context: stopped when the test JVM ends.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                restarted.close();
            } catch (IOException ignored) {
                // the JVM is exiting
            }
        }));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
