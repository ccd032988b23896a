package com.aperilex.flow.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * SEC's 403 is a fair-access block: every worker pauses EDGAR calls for the block-backoff and the
 * tasks wait RETRYING, not FAILED. (A context of its own: the block would pause every other test.)
 */
@DirtiesContext
@TestPropertySource(properties = {"aperilex.edgar.block-backoff=4s", "aperilex.worker.retry.max-attempts=5",
        "aperilex.llm.provider=none"})
class EdgarBlockTest extends PipelineTestSupport {

    @Test
    void a403PausesEveryEdgarCallAndTasksRetryAfterTheBlock() {
        long blockedCik = 1000403;
        String url = "/submissions/CIK%010d.json".formatted(blockedCik);
        EDGAR.server().stubFor(WireMock.get(urlEqualTo(url)).inScenario("block").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/html")
                        .withBody(EdgarStub.resource("documents/sec-rate-exceeded-403.html")))
                .willSetStateTo("lifted"));
        EDGAR.server().stubFor(WireMock.get(urlEqualTo(url)).inScenario("block").whenScenarioStateIs("lifted")
                .willReturn(aResponse().withStatus(200).withBody(submissions(blockedCik,
                        "Blocked Once Corp", "0001000403-24-000001", "blocked-10k.htm"))));
        EDGAR.document(blockedCik, "0001000403-24-000001", "blocked-10k.htm",
                EdgarStub.fixtureDocument("Blocked Once Corp"));

        String blocked = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), blockedCik));
        await().atMost(Duration.ofSeconds(30)).until(() -> history(blocked).stream().anyMatch(s -> s.startsWith("RETRYING")));
        Instant blockedUntil = jdbc.queryForObject("SELECT blocked_until FROM rate_budgets WHERE name = 'sec-edgar'",
                Timestamp.class).toInstant();
        Instant blockSeen = EDGAR.requests(url).get(0).getRequest().getLoggedDate().toInstant();
        assertThat(Duration.between(blockSeen, blockedUntil)).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5));
        JsonNode waiting = get("/api/v1/tasks/" + blocked).json();
        assertThat(waiting.get("status").asText()).isIn("RETRYING", "QUEUED", "PROCESSING");
        assertThat(waiting.get("error").get("code").asText()).isEqualTo("EDGAR_UNAVAILABLE");
        assertThat(storedError(waiting)).contains("request rate threshold exceeded");

        // Another task during the block does not call SEC at all; it waits too.
        String other = submit("""
                {"email": "%s", "cik": "320193"}""".formatted(uniqueEmail()));

        JsonNode first = awaitFinished(blocked, Duration.ofSeconds(40));
        JsonNode second = awaitFinished(other, Duration.ofSeconds(40));
        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("COMPLETED");
        assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("COMPLETED");
        assertThat(history(other)).anyMatch(s -> s.startsWith("RETRYING"));
        // Without an LLM (provider none) the analysis carries figures and sections, no narrative.
        JsonNode analysis = get("/api/v1/analyses/" + first.get("analysisId").asText()).json();
        assertThat(analysis.get("narrative").isNull()).isTrue();
        assertThat(analysis.get("llm").isNull()).isTrue();
        assertThat(analysis.get("facts").get("current").get("revenue").toString()).isEqualTo("391035000000");
        assertThat(analysis.get("sections").has("7")).isTrue();

        List<ServeEvent> duringBlock = EDGAR.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getLoggedDate().toInstant().isAfter(blockSeen.plusMillis(1)))
                .filter(e -> e.getRequest().getLoggedDate().toInstant().isBefore(blockedUntil))
                .toList();
        assertThat(duringBlock).as("EDGAR requests while blocked").isEmpty();
    }
}
