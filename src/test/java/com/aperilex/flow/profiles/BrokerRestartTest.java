package com.aperilex.flow.profiles;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.stubs.EdgarStub;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ stopped and started again while tasks are queued and running: every task the API accepted
 * (202) ends COMPLETED, once. Requests made while the broker is down are refused with 503, never
 * accepted and lost.
 */
class BrokerRestartTest extends LocalProfileTestSupport {
    private static final int TASKS = 6;

    @Test
    void acceptedTasksSurviveABrokerRestart() {
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            long cik = 3_300_000L + i;
            String accession = "000%07d-24-000001".formatted(cik);
            serveCompany(cik, "Restart Corp " + i, accession, "rs-10k.htm");
            // Slow documents keep tasks in flight across the outage.
            EDGAR.server().stubFor(WireMock.get(urlEqualTo(EdgarStub.archivesPath(cik, accession, "rs-10k.htm")))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                            .withBody(EdgarStub.fixtureDocument("Restart Corp " + i)).withFixedDelay(800)));
            accepted.add(submit("{\"email\":\"" + uniqueEmail() + "\",\"cik\":\"" + cik + "\"}"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> accepted.stream()
                .anyMatch(id -> get("/api/v1/tasks/" + id).json().get("status").asText().equals("PROCESSING")));

        RABBIT.stop();
        try {
            // A company nobody asked about yet, so the answer cannot come from the analysis pool.
            Reply duringOutage = postJson("{\"email\":\"" + uniqueEmail() + "\",\"cik\":\"3300098\"}");
            assertThat(duringOutage.status()).isEqualTo(503);
            assertThat(duringOutage.json().get("type").asText()).endsWith("/queue-unavailable");
        } finally {
            RABBIT.start();
        }
        // A request after the restart is accepted again once the connection is re-established.
        serveCompany(3_300_099L, "After Restart Corp", "0003300099-24-000001", "ar-10k.htm");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Reply reply = postJson("{\"email\":\"" + uniqueEmail() + "\",\"cik\":\"3300099\"}");
            if (reply.status() == 202) {
                accepted.add(reply.json().get("taskId").asText());
                return true;
            }
            return false;
        });

        for (String taskId : accepted) {
            JsonNode task = awaitFinished(taskId, Duration.ofSeconds(120));
            assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
            assertThat(history(taskId).stream().filter(s -> s.startsWith("COMPLETED"))).hasSize(1);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM analyses", Integer.class)).isEqualTo(TASKS + 1);
    }
}
