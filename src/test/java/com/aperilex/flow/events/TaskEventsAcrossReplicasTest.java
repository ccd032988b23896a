package com.aperilex.flow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.OpenApiContract;
import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.aperilex.flow.servers.ServiceReplica;
import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas sharing one database and one queue: A accepts and works the tasks, B is an API-only
 * replica. A client connected to B follows a task A accepted, through PostgreSQL LISTEN/NOTIFY. B holds
 * at most two streams; a client that goes away frees its stream at once.
 */
class TaskEventsAcrossReplicasTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = UUID.randomUUID().toString();
    private static EdgarStub edgar;
    private static ServiceReplica replicaA;
    private static ServiceReplica replicaB;

    @BeforeAll
    static void startTwoReplicas() {
        edgar = EdgarStub.dedicated();
        List<String> common = List.of(
                "aperilex.edgar.www-url=" + edgar.baseUrl(),
                "aperilex.edgar.data-url=" + edgar.baseUrl(),
                "aperilex.llm.provider=none",
                "aperilex.events.heartbeat=200ms",
                ServiceReplica.STREAM_TOKEN_KEY);
        replicaA = ServiceReplica.withProfiles("dev").properties(common).properties(
                "aperilex.dev.postgres-data-directory=target/test-data/" + RUN + "/postgres",
                "aperilex.storage.local-directory=target/test-data/" + RUN + "/storage").start();

        replicaB = ServiceReplica.withProfiles("api-replica").properties(common).properties(ServiceReplica.WITHOUT_TOKENS)
                .sharingDevServersOf(replicaA).properties(
                "aperilex.worker.enabled=false",
                "aperilex.events.max-streams=2",
                "aperilex.storage.local-directory=target/test-data/" + RUN + "/storage").start();
    }

    @AfterAll
    static void stop() {
        ServiceReplica.closeAll(replicaB, replicaA);
        if (edgar != null) {
            edgar.server().stop();
        }
    }

    private static void serveSlowCompany(long cik, String company, int delayMs) {
        String accession = "000%07d-24-000001".formatted(cik);
        edgar.submissions(cik, PipelineTestSupport.submissions(cik, company, accession, "x-10k.htm"));
        edgar.server().stubFor(WireMock.get(WireMock.urlEqualTo(EdgarStub.archivesPath(cik, accession, "x-10k.htm")))
                .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                        .withBody(EdgarStub.fixtureDocument(company)).withFixedDelay(delayMs)));
    }

    private static URI uri(ServiceReplica replica, String path) {
        return replica.uri(path);
    }

    private static String submit(ServiceReplica replica, long cik) throws Exception {
        HttpResponse<String> reply = OpenApiContract.send(HttpRequest.newBuilder(uri(replica, "/api/v1/analyses"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"replica-" + UUID.randomUUID()
                        + "@aperilex.com\",\"cik\":\"" + cik + "\"}")).build());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);
        return JSON.readTree(reply.body()).get("taskId").asText();
    }

    @Test
    void aClientOnReplicaBFollowsATaskThatReplicaAAcceptedAndWorks() throws Exception {
        serveSlowCompany(3_600_201L, "Replicated Streams Inc.", 1000);
        String taskId = submit(replicaA, 3_600_201L);

        SseClient stream = SseClient.open(uri(replicaB, "/api/v1/tasks/" + taskId + "/events"), null)
                .awaitEnd(Duration.ofSeconds(30));

        assertThat(stream.status).isEqualTo(200);
        List<String> statuses = stream.statuses();
        assertThat(statuses.size()).as(statuses.toString()).isGreaterThanOrEqualTo(3);
        assertThat(statuses).contains("PROCESSING").endsWith("COMPLETED");
        assertThat(stream.events).extracting(SseClient.Event::id).isSorted().doesNotHaveDuplicates();
        JsonNode last = stream.events.get(stream.events.size() - 1).data();
        assertThat(last.get("analysisUrl").asText()).startsWith("/api/v1/analyses/");
        // The document took a second to arrive: the idle stream carried heartbeats meanwhile.
        assertThat(stream.comments).contains("heartbeat");
    }

    @Test
    void replicaBHoldsAtMostItsCapAndAGoneClientFreesItsStreamAtOnce() throws Exception {
        serveSlowCompany(3_600_202L, "Capped Streams Corp", 6_000);
        String taskId = submit(replicaA, 3_600_202L);
        EventStreams streams = replicaB.bean(EventStreams.class);
        URI events = uri(replicaB, "/api/v1/tasks/" + taskId + "/events");

        SseClient first = SseClient.open(events, null);
        SseClient second = SseClient.open(events, null);
        SseClient third = SseClient.open(events, null).awaitEnd(Duration.ofSeconds(5));

        assertThat(first.status).isEqualTo(200);
        assertThat(second.status).isEqualTo(200);
        assertThat(third.status).isEqualTo(503);
        assertThat(third.contentType).isEqualTo("application/problem+json");
        assertThat(third.body.toString()).contains("/problems/too-many-streams");
        assertThat(streams.openStreams()).isEqualTo(2);

        first.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> streams.openStreams() == 1);
        SseClient fourth = SseClient.open(events, null);
        assertThat(fourth.status).isEqualTo(200);
        second.close();
        fourth.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> streams.openStreams() == 0);
    }
}
