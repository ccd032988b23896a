package com.aperilex.flow.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.persistence.LlmSpend;
import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.aperilex.flow.stubs.LlmStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every model call is an llm_calls row of its task and filing, whatever came of it, and the analysis
 * document's llm block sums the calls that made it; the daily spend guard is exact under concurrency.
 * PipelineTestSupport prices gpt-4o-mini at 0.15 / 0.60 USD per million tokens; the stub reports 1834 / 212.
 */
class LlmCallsTest extends PipelineTestSupport {
    private static final BigDecimal ONE_CALL = new BigDecimal("0.000402"); // 1834 * 0.15e-6 + 212 * 0.60e-6

    @Autowired
    LlmSpend spend;

    @Test
    void aSuccessfulAnalysisIsOneRowAndTheDocumentsLlmBlockIsThatRow() {
        long cik = 1000801;
        String company = "Accounted Call Corp";
        serveCompany(cik, company, "0001000801-24-000001", "accounted-10k.htm");

        String taskId = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik));
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");

        List<Map<String, Object>> rows = calls(taskId);
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row).containsEntry("outcome", "OK").containsEntry("provider", "openai")
                .containsEntry("model", LlmStub.MODEL).containsEntry("input_tokens", 1834)
                .containsEntry("output_tokens", 212).containsEntry("schema_version", 1)
                .containsEntry("tier", "small");
        assertThat((BigDecimal) row.get("cost_usd")).isEqualByComparingTo(ONE_CALL);
        assertThat(row.get("filing_id")).isEqualTo(jdbc.queryForObject(
                "SELECT id FROM filings WHERE cik = ?", Object.class, cik));
        JsonNode llm = get("/api/v1/analyses/" + task.get("analysisId").asText()).json().get("llm");
        assertThat(llm.get("inputTokens").asInt()).isEqualTo(1834);
        assertThat(llm.get("outputTokens").asInt()).isEqualTo(212);
        assertThat(llm.get("costUsd").decimalValue()).isEqualByComparingTo(ONE_CALL);
        assertThat(llm.get("latencyMs").asLong()).isEqualTo(((Number) row.get("latency_ms")).longValue());
        // The read is audited (mode none's reader has no user row: no actor), with the client's address.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE action = 'ANALYSIS_READ' AND resource = ?"
                + " AND actor_user_id IS NULL AND ip_address = '127.0.0.1' AND request_id IS NOT NULL", Integer.class,
                "analysis:" + task.get("analysisId").asText())).isEqualTo(1);
        System.out.printf("llm_calls, success: 1 row, %s USD, %s ms%n", row.get("cost_usd"), row.get("latency_ms"));
    }

    @Test
    void aRepairIsTwoRowsAndTheDocumentsLlmBlockIsTheirSum() {
        long cik = 1000802;
        String company = "Repaired Account Corp";
        serveCompany(cik, company, "0001000802-24-000001", "repairedaccount-10k.htm");
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .inScenario("repair-account").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("repaired")
                .willReturn(LlmStub.completion("{\"summary\": \"fine\", \"keyRisks\": [], \"mood\": \"sunny\"}")));
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .inScenario("repair-account").whenScenarioStateIs("repaired")
                .willReturn(LlmStub.completion(LlmStub.NARRATIVE)));

        String taskId = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik));
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");

        List<Map<String, Object>> rows = calls(taskId);
        assertThat(rows).extracting(r -> r.get("outcome")).containsExactly("INVALID_ANSWER", "OK");
        assertThat(rows.get(0).get("error_message")).asString().isNotBlank();
        JsonNode llm = get("/api/v1/analyses/" + task.get("analysisId").asText()).json().get("llm");
        assertThat(llm.get("inputTokens").asInt()).isEqualTo(sum(rows, "input_tokens").intValue());
        assertThat(llm.get("outputTokens").asInt()).isEqualTo(sum(rows, "output_tokens").intValue());
        assertThat(llm.get("latencyMs").asLong()).isEqualTo(sum(rows, "latency_ms").longValue());
        BigDecimal cost = rows.stream().map(r -> (BigDecimal) r.get("cost_usd")).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        assertThat(llm.get("costUsd").decimalValue()).isEqualByComparingTo(cost)
                .isEqualByComparingTo(ONE_CALL.add(ONE_CALL));
        System.out.printf("llm_calls, repair: 2 rows, %s USD in all%n", cost);
    }

    @Test
    void aFailedCallIsARowWithItsOutcomeAndTheAnsweredCallBeforeItIsKept() {
        long cik = 1000803;
        String company = "Refused Repair Corp";
        serveCompany(cik, company, "0001000803-24-000001", "refusedrepair-10k.htm");
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .inScenario("refused-repair").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("refusing")
                .willReturn(LlmStub.completion("{\"summary\": \"fine\", \"keyRisks\": [], \"mood\": \"sunny\"}")));
        LLM.server().stubFor(LlmStub.chat().atPriority(1).withRequestBody(containing(company))
                .inScenario("refused-repair").whenScenarioStateIs("refusing")
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"message\": \"Incorrect API key provided\"}}")));

        String taskId = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik));
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("FAILED");
        assertThat(task.get("error").get("code").asText()).isEqualTo("LLM_FAILED");

        List<Map<String, Object>> rows = calls(taskId);
        assertThat(rows).extracting(r -> r.get("outcome"))
                .containsExactly("INVALID_ANSWER", "PROVIDER_ERROR_PERMANENT");
        assertThat(rows.get(0)).containsEntry("input_tokens", 1834).containsEntry("output_tokens", 212);
        assertThat((BigDecimal) rows.get(0).get("cost_usd")).as("the paid first call is accounted for")
                .isEqualByComparingTo(ONE_CALL);
        assertThat(rows.get(1)).containsEntry("input_tokens", 0).containsEntry("output_tokens", 0);
        assertThat(rows.get(1).get("error_message")).asString().contains("HTTP 401");
        assertThat(LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(company)))).hasSize(rows.size());
    }

    /**
     * Many workers reserving at once against one day's budget, straight against PostgreSQL: at no moment is more
     * reserved than the budget, every call that fits is granted, and settling gives back what was not spent.
     */
    @Test
    void concurrentReservationsNeverExceedTheBudget() throws Exception {
        LocalDate day = LocalDate.of(2999, 1, ThreadLocalRandom.current().nextInt(1, 29));
        jdbc.update("DELETE FROM llm_daily_spend WHERE day = ?", java.sql.Date.valueOf(day));
        BigDecimal budget = new BigDecimal("1.00");
        BigDecimal maxCost = new BigDecimal("0.030000");
        BigDecimal actual = new BigDecimal("0.010000");
        int threads = 24;
        int attemptsEach = 40;
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicReference<BigDecimal> highest = new AtomicReference<>(BigDecimal.ZERO);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long began = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < attemptsEach; i++) {
                        Optional<LlmSpendGuard.Reservation> reservation = spend.reserve(day, maxCost, budget);
                        BigDecimal now = spend.reserved(day);
                        highest.accumulateAndGet(now, BigDecimal::max);
                        if (reservation.isPresent()) {
                            granted.incrementAndGet();
                            spend.settle(reservation.get(), actual);
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long ms = (System.nanoTime() - began) / 1_000_000;
        BigDecimal spent = spend.reserved(day);
        System.out.printf("spend guard: %d threads x %d reservations of %s against %s USD in %d ms: %d granted, "
                        + "%d refused, highest reserved %s, spent %s%n", threads, attemptsEach, maxCost, budget, ms,
                granted.get(), refused.get(), highest.get(), spent);
        assertThat(highest.get()).as("reserved at any moment").isLessThanOrEqualTo(budget);
        assertThat(spent).as("all settled: the granted calls' actual cost")
                .isEqualByComparingTo(actual.multiply(BigDecimal.valueOf(granted.get())));
        assertThat(spent).isLessThanOrEqualTo(budget);
        assertThat(refused.get()).isPositive();
        // What is left is granted until one more call's maximum no longer fits, and then refused.
        Optional<LlmSpendGuard.Reservation> more;
        while ((more = spend.reserve(day, maxCost, budget)).isPresent()) {
            spend.settle(more.get(), actual);
        }
        assertThat(spend.reserved(day).add(maxCost)).isGreaterThan(budget);
        assertThat(spend.reserved(day)).isLessThanOrEqualTo(budget);
        assertThat(spend.reserve(day, BigDecimal.ZERO, BigDecimal.ZERO)).as("a budget of 0 grants nothing").isEmpty();
    }

    private List<Map<String, Object>> calls(String taskId) {
        return jdbc.queryForList("SELECT * FROM llm_calls WHERE task_id = ?::uuid ORDER BY id", taskId);
    }

    private static BigDecimal sum(List<Map<String, Object>> rows, String column) {
        return rows.stream().map(r -> new BigDecimal(r.get(column).toString())).reduce(BigDecimal.ZERO,
                BigDecimal::add);
    }
}
