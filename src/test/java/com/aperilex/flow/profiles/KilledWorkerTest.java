package com.aperilex.flow.profiles;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.aperilex.flow.servers.ServiceReplica;
import com.aperilex.flow.stubs.EdgarStub;
import com.aperilex.flow.stubs.LlmStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

/**
 * A worker process killed (SIGKILL) while it holds a task's message unacknowledged: the broker gives the
 * message back, the task's lease runs out, and the surviving worker completes the task exactly once,
 * with one LLM call and one analysis. The killed worker is a separate JVM on the same RabbitMQ virtual
 * host and database, stuck on a slow EDGAR document when it dies.
 */
@TestPropertySource(properties = "aperilex.worker.lease=3s")
class KilledWorkerTest extends LocalProfileTestSupport {
    private static final long CIK = 3_400_001L;
    private static final String ACCESSION = "0003400001-24-000001";
    private static final String COMPANY = "Killed Worker Industries";

    @Autowired
    Environment environment;

    private Process doomedWorker;
    private EdgarStub slowEdgar;

    @AfterEach
    void cleanUp() {
        if (doomedWorker != null) {
            doomedWorker.destroyForcibly();
        }
        if (slowEdgar != null) {
            slowEdgar.server().stop();
        }
    }

    @Test
    void taskOfAKilledWorkerIsRedeliveredAndCompletedOnce() throws Exception {
        serveCompany(CIK, COMPANY, ACCESSION, "kw-10k.htm");
        slowEdgar = EdgarStub.dedicated();
        slowEdgar.submissions(CIK, PipelineTestSupport.submissions(CIK, COMPANY, ACCESSION, "kw-10k.htm"));
        slowEdgar.server().stubFor(WireMock.get(urlEqualTo(EdgarStub.archivesPath(CIK, ACCESSION, "kw-10k.htm")))
                .willReturn(aResponse().withStatus(200).withBody(EdgarStub.fixtureDocument(COMPANY))
                        .withFixedDelay(120_000)));

        // Only the doomed worker consumes until it has the task.
        camel.getRouteController().stopRoute("consume-tasks-highest");
        doomedWorker = startWorkerProcess(slowEdgar.baseUrl());
        String taskId = submit("{\"email\":\"" + uniqueEmail() + "\",\"cik\":\"" + CIK + "\"}");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !slowEdgar.requests(EdgarStub.archivesPath(CIK, ACCESSION, "kw-10k.htm")).isEmpty());
        assertThat(get("/api/v1/tasks/" + taskId).json().get("status").asText()).isEqualTo("PROCESSING");

        doomedWorker.destroyForcibly();
        assertThat(doomedWorker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        camel.getRouteController().startRoute("consume-tasks-highest");

        JsonNode task = awaitFinished(taskId, Duration.ofSeconds(60));

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        List<String> history = history(taskId);
        assertThat(history).as("lost with its worker, then run again").contains("RETRYING");
        assertThat(history.stream().filter(s -> s.startsWith("COMPLETED"))).hasSize(1);
        assertThat(LLM.server().findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/v1/chat/completions"))
                .withRequestBody(WireMock.containing(COMPANY)))).as("LLM calls").hasSize(1);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM analyses a JOIN filings f ON f.id = a.filing_id WHERE f.accession_number = ?""",
                Integer.class, ACCESSION)).isEqualTo(1);
    }

    /** The same service in a JVM of its own, on this test's database and virtual host, ready to consume. */
    private Process startWorkerProcess(String edgarUrl) throws Exception {
        return ServiceReplica.withProfiles("local").properties(ServiceReplica.WITHOUT_TOKENS).properties(
                "spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                "spring.datasource.username=postgres",
                "spring.rabbitmq.port=" + RABBIT.port(),
                "spring.rabbitmq.virtual-host=" + environment.getProperty("spring.rabbitmq.virtual-host"),
                "aperilex.queue.consumers=1",
                "aperilex.worker.lease=3s",
                "aperilex.storage.local-directory=target/test-data/" + UUID.randomUUID() + "/storage",
                "aperilex.edgar.www-url=" + edgarUrl,
                "aperilex.edgar.data-url=" + edgarUrl,
                "aperilex.edgar.response-timeout-ms=300000",
                "aperilex.llm.provider=openai",
                "aperilex.llm.base-url=" + LLM.baseUrl(),
                "aperilex.llm.model=" + LlmStub.MODEL,
                "APERILEX_LLM_API_KEY=" + LlmStub.API_KEY).startProcess("killed-worker");
    }
}
