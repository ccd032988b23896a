package com.aperilex.flow.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.aperilex.flow.stubs.LlmStub;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * After failure-threshold transient provider failures in a row the breaker opens: no call reaches the provider
 * for open-for, and tasks go RETRYING with LLM_FAILED, due when it lets a trial call through.
 */
@TestPropertySource(properties = {
        "aperilex.llm.breaker.failure-threshold=2",
        "aperilex.llm.breaker.open-for=1m"
})
class LlmCircuitBreakerTest extends PipelineTestSupport {

    @Test
    void afterTwoProviderFailuresCallsStopAndTasksRetryWithoutTouchingTheProvider() throws Exception {
        long failingCik = 1000821;
        String failing = "Broken Provider Corp";
        serveCompany(failingCik, failing, "0001000821-24-000001", "brokenprovider-10k.htm");
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(failing))
                .willReturn(aResponse().withStatus(500).withBody("{\"error\": {\"message\": \"down\"}}")));

        // max-attempts 3: two calls fail (the second opens the breaker), the third run is refused by it.
        JsonNode first = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), failingCik)));
        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("FAILED");
        assertThat(first.get("error").get("code").asText()).isEqualTo("LLM_FAILED");
        assertThat(storedError(first)).contains("circuit breaker open");
        assertThat(calls(failing)).as("calls before the breaker opened").isEqualTo(2);

        // Another filing while it is open: its model would answer, but no call is made; the task waits.
        long otherCik = 1000822;
        String other = "Healthy Filing Corp";
        serveCompany(otherCik, other, "0001000822-24-000001", "healthyfiling-10k.htm");
        Instant asked = Instant.now();
        String taskId = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), otherCik));
        JsonNode[] view = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            view[0] = get("/api/v1/tasks/" + taskId).json();
            return view[0].get("status").asText().equals("RETRYING");
        });
        assertThat(view[0].get("error").get("code").asText()).as(view[0].toString()).isEqualTo("LLM_FAILED");
        assertThat(storedError(view[0])).contains("circuit breaker open");
        OffsetDateTime next = jdbc.queryForObject("SELECT next_attempt_at FROM tasks WHERE id = ?::uuid",
                OffsetDateTime.class, taskId);
        assertThat(next.toInstant()).as("due when the breaker lets a trial call through")
                .isAfter(asked.plusSeconds(30));
        Thread.sleep(2_000);
        assertThat(calls(other)).as("the open breaker did not touch the provider").isZero();
        assertThat(calls(failing)).as("the call count stopped growing").isEqualTo(2);
        System.out.printf("circuit breaker: %d calls for the failing filing, %d for the one asked while open%n",
                calls(failing), calls(other));
    }

    private int calls(String company) {
        return LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(company))).size();
    }
}
