package com.aperilex.flow.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Live task events over SSE and the long-poll, against the whole service with stubbed EDGAR and LLM. */
class TaskEventsTest extends PipelineTestSupport {

    /** A company whose document arrives slowly, so a client sees the task move. */
    private static void serveSlowCompany(long cik, String company, String accession) {
        serveCompany(cik, company, accession, "slow-10k.htm");
        EDGAR.server().stubFor(WireMock.get(WireMock.urlEqualTo(EdgarStub.archivesPath(cik, accession, "slow-10k.htm")))
                .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                        .withBody(EdgarStub.fixtureDocument(company)).withFixedDelay(700)));
    }

    @Test
    void aClientSeesTheTasksTransitionsInOrderUntilCompleted() {
        serveSlowCompany(3_500_001L, "Streaming Events Corp", "0003500001-24-000001");
        String taskId = submit("{\"email\":\"" + uniqueEmail() + "\",\"cik\":\"3500001\"}");

        SseClient stream = SseClient.open(uri("/api/v1/tasks/" + taskId + "/events"), null).awaitEnd(Duration.ofSeconds(30));

        assertThat(stream.status).isEqualTo(200);
        assertThat(stream.contentType).startsWith("text/event-stream");
        List<String> statuses = stream.statuses();
        assertThat(statuses.size()).as(statuses.toString()).isGreaterThanOrEqualTo(3);
        assertThat(statuses).contains("PROCESSING");
        assertThat(statuses.get(statuses.size() - 1)).isEqualTo("COMPLETED");
        assertThat(stream.events).extracting(SseClient.Event::id).isSorted().doesNotHaveDuplicates();
        JsonNode processing = stream.events.stream().map(SseClient.Event::data)
                .filter(d -> d.get("status").asText().equals("PROCESSING")).findFirst().orElseThrow();
        assertThat(processing.get("analysisStatus").asText()).isNotBlank();
        assertThat(processing.get("analysisId").isNull()).isTrue();
        JsonNode completed = stream.events.get(stream.events.size() - 1).data();
        String analysisId = completed.get("analysisId").asText();
        assertThat(completed.get("analysisUrl").asText()).isEqualTo("/api/v1/analyses/" + analysisId);
        assertThat(completed.get("error").isNull()).isTrue();
        assertThat(completed.get("taskId").asText()).isEqualTo(taskId);
        assertThat(completed.get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(completed.fieldNames()).toIterable().containsExactly(
                "taskId", "status", "analysisStatus", "analysisId", "analysisUrl", "error", "at");
        assertThat(get(completed.get("analysisUrl").asText()).status()).isEqualTo(200);
    }

    @Test
    void aStreamSurvivesTheListenerLosingItsDatabaseConnection() {
        serveSlowCompany(3_500_005L, "Reconnecting Listener Co", "0003500005-24-000001");
        String taskId = submit("{\"email\":\"" + uniqueEmail() + "\",\"cik\":\"3500005\"}");
        SseClient stream = SseClient.open(uri("/api/v1/tasks/" + taskId + "/events"), null);

        // The database drops the listener's session (a failover, an idle-session killer).
        Integer killed = jdbc.queryForObject("""
                SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity WHERE query = 'LISTEN aperilex_task_events'""",
                Integer.class);

        stream.awaitEnd(Duration.ofSeconds(30));
        assertThat(killed).isEqualTo(1);
        assertThat(stream.statuses()).endsWith("COMPLETED");
    }

    @Test
    void aClientResumesAfterTheLastEventIdItSaw() {
        serveCompany(3_500_002L, "Resumable Holdings", "0003500002-24-000001", "r-10k.htm");
        String taskId = submit("{\"email\":\"" + uniqueEmail() + "\",\"cik\":\"3500002\"}");
        awaitFinished(taskId);
        List<Long> ids = jdbc.queryForList("SELECT id FROM task_transitions WHERE task_id = ?::uuid ORDER BY id",
                Long.class, taskId);

        SseClient first = SseClient.open(uri("/api/v1/tasks/" + taskId + "/events"), null).awaitEnd(Duration.ofSeconds(10));
        SseClient resumed = SseClient.open(uri("/api/v1/tasks/" + taskId + "/events"), Long.toString(ids.get(1)))
                .awaitEnd(Duration.ofSeconds(10));

        // Without Last-Event-ID: the current status only (the task is done). With it: everything after it.
        assertThat(first.statuses()).containsExactly("COMPLETED");
        assertThat(resumed.events).extracting(SseClient.Event::id).containsExactlyElementsOf(ids.subList(2, ids.size()));
        assertThat(resumed.statuses().get(resumed.statuses().size() - 1)).isEqualTo("COMPLETED");
    }

    @Test
    void unknownAndMalformedTasksAreProblems() {
        SseClient unknown = SseClient.open(uri("/api/v1/tasks/6f0c3a54-6d3b-4a52-9d7e-2f1c5e8b9a01/events"), null)
                .awaitEnd(Duration.ofSeconds(5));
        SseClient malformed = SseClient.open(uri("/api/v1/tasks/not-a-task/events"), null).awaitEnd(Duration.ofSeconds(5));

        assertThat(unknown.status).isEqualTo(404);
        assertThat(unknown.contentType).isEqualTo("application/problem+json");
        assertThat(unknown.body.toString()).contains("\"status\":404", "/problems/not-found");
        assertThat(malformed.status).isEqualTo(400);
        assertThat(malformed.contentType).isEqualTo("application/problem+json");
    }

    @Test
    void theLongPollReturnsAsSoonAsTheStatusChanges() {
        serveSlowCompany(3_500_003L, "Long Poll Industries", "0003500003-24-000001");
        String taskId = submit("{\"email\":\"" + uniqueEmail() + "\",\"cik\":\"3500003\"}");

        long started = System.nanoTime();
        Reply changed = get("/api/v1/tasks/" + taskId + "?waitSeconds=20&ifStatus=PENDING");
        long changedAfterMs = (System.nanoTime() - started) / 1_000_000;
        String status = changed.json().get("status").asText();
        Reply done = get("/api/v1/tasks/" + taskId + "?waitSeconds=25&ifStatus=" + (status.equals("COMPLETED") ? "PROCESSING" : status));
        while (!done.json().get("status").asText().equals("COMPLETED")) {
            done = get("/api/v1/tasks/" + taskId + "?waitSeconds=25&ifStatus=" + done.json().get("status").asText());
        }

        assertThat(changed.status()).isEqualTo(200);
        assertThat(status).isNotEqualTo("PENDING");
        assertThat(changedAfterMs).isLessThan(20_000);
        assertThat(done.json().get("analysisId").asText()).isNotBlank();
        // Nothing changes any more: the wait runs out and the same status comes back.
        long idle = System.nanoTime();
        Reply unchanged = get("/api/v1/tasks/" + taskId + "?waitSeconds=1");
        assertThat(unchanged.json().get("status").asText()).isEqualTo("COMPLETED");
        assertThat((System.nanoTime() - idle) / 1_000_000).isGreaterThanOrEqualTo(900);
    }

    @Test
    void theLongPollRefusesBadParameters() {
        serveCompany(3_500_004L, "Bad Params Ltd", "0003500004-24-000001", "bp-10k.htm");
        String taskId = submit("{\"email\":\"" + uniqueEmail() + "\",\"cik\":\"3500004\"}");

        Reply tooLong = get("/api/v1/tasks/" + taskId + "?waitSeconds=31");
        Reply badStatus = get("/api/v1/tasks/" + taskId + "?waitSeconds=5&ifStatus=SLEEPING");

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("waitSeconds");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.body()).contains("ifStatus");
    }
}
