package com.aperilex.flow.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** aperilex.llm.daily-budget-usd=0: no model call starts; tasks wait RETRYING until the next UTC day. */
@TestPropertySource(properties = "aperilex.llm.daily-budget-usd=0")
class LlmBudgetExhaustedTest extends PipelineTestSupport {

    @Test
    void noModelCallAndEveryTaskWaitsForTheNextUtcDayWithoutSpendingAttempts() {
        long cik = 1003011;
        String company = "Over Budget Corp";
        serveCompany(cik, company, "0001003011-24-000001", "overbudget-10k.htm");

        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tasks.add(submit("""
                    {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)));
        }
        Instant midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (String taskId : tasks) {
            JsonNode[] view = new JsonNode[1];
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                view[0] = get("/api/v1/tasks/" + taskId).json();
                return view[0].get("status").asText().equals("RETRYING");
            });
            assertThat(view[0].get("error").get("code").asText()).as(view[0].toString())
                    .isEqualTo("LLM_BUDGET_EXHAUSTED");
            OffsetDateTime next = jdbc.queryForObject("SELECT next_attempt_at FROM tasks WHERE id = ?::uuid",
                    OffsetDateTime.class, taskId);
            assertThat(next.toInstant()).as("back at the next UTC day").isAfterOrEqualTo(midnight)
                    .isBefore(midnight.plus(Duration.ofMinutes(2)));
            // Each run the budget refused is counted as a wait, not against the task's own attempts (a run can
            // still fail on its own before that, e.g. a slow EDGAR stub: that one counts).
            int budgetWaits = jdbc.queryForObject("SELECT count(*) FROM task_transitions WHERE task_id = ?::uuid"
                    + " AND status = 'RETRYING' AND detail LIKE 'LLM_BUDGET_EXHAUSTED%'", Integer.class, taskId);
            assertThat(budgetWaits).isPositive();
            assertThat(jdbc.queryForObject("SELECT filing_waits FROM tasks WHERE id = ?::uuid", Integer.class,
                    taskId)).as("the budget's waits are not attempts").isEqualTo(budgetWaits);
        }
        assertThat(LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(company)))).as("no model call").isEmpty();
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM analysis_failures af JOIN filings f ON f.id = af.filing_id WHERE f.cik = ?""",
                Integer.class, cik)).as("the budget is no failure of the filing").isZero();
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM llm_calls c JOIN filings f ON f.id = c.filing_id WHERE f.cik = ?""",
                Integer.class, cik)).as("a call that never started is no row").isZero();
    }
}
