package com.aperilex.flow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A running task keeps its lease while a step takes longer than the lease itself (here a document that
 * takes 3 s under a 1 s lease): the worker renews it, so the task is not taken for lost and run twice.
 */
@TestPropertySource(properties = {"aperilex.worker.lease=1s", "aperilex.edgar.response-timeout-ms=6000"})
class LeaseKeeperTest extends PipelineTestSupport {

    @Test
    void aLongStepKeepsItsTaskWhileTheWorkerIsAlive() {
        long cik = 3_800_001L;
        String accession = "0003800001-24-000001";
        serveCompany(cik, "Long Step Corp", accession, "ls-10k.htm");
        EDGAR.server().stubFor(WireMock.get(WireMock.urlEqualTo(EdgarStub.archivesPath(cik, accession, "ls-10k.htm")))
                .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                        .withBody(EdgarStub.fixtureDocument("Long Step Corp")).withFixedDelay(3000)));
        String taskId = submit("{\"email\":\"" + uniqueEmail() + "\",\"cik\":\"" + cik + "\"}");

        JsonNode task = awaitFinished(taskId);

        assertThat(task.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(history(taskId)).as("never released as lost").noneMatch(s -> s.startsWith("RETRYING"));
        assertThat(EDGAR.requests(EdgarStub.archivesPath(cik, accession, "ls-10k.htm"))).as("one download").hasSize(1);
        assertThat(jdbc.queryForObject("SELECT attempts FROM tasks WHERE id = ?::uuid", Integer.class, taskId)).isEqualTo(1);
    }
}
