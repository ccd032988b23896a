package com.aperilex.flow.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.ServiceTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Intake's side of the ledger on an API-only replica (tasks stay open): the fees reserved with the task in one
 * transaction, exact under concurrency; the open-task cap; the credits a new user starts with.
 */
@DirtiesContext
@TestPropertySource(properties = {
        "aperilex.worker.enabled=false",
        "aperilex.accounts.default-tier=BASIC",
        "aperilex.tiers.basic.requests-per-hour=100000",
        "aperilex.tiers.basic.requests-per-day=100000",
        "aperilex.tiers.basic.concurrent-analyses=100",
        "aperilex.tiers.basic.max-history-years=100",
        "aperilex.tiers.basic.universe=ALL",
        "aperilex.tiers.basic.filing-access-fee-usd=0.10",
        "aperilex.tiers.basic.analysis-fee-usd=0.02",
        // A new user's credits cover exactly ten tasks of 0.12.
        "aperilex.tiers.basic.monthly-credits-usd=1.20",
        "aperilex.tiers.professional.requests-per-hour=100000",
        "aperilex.tiers.professional.requests-per-day=100000",
        "aperilex.tiers.professional.concurrent-analyses=2",
        "aperilex.tiers.professional.universe=ALL",
        "aperilex.tiers.professional.max-history-years=100",
        "aperilex.tiers.professional.filing-access-fee-usd=0",
        "aperilex.tiers.professional.analysis-fee-usd=0"
})
class LedgerIntakeTest extends ServiceTestSupport {

    @Test
    void fiftyConcurrentRequestsForFiftyFilingsFromCreditsForTenAdmitExactlyTen() throws Exception {
        String email = uniqueEmail();
        List<Reply> replies = concurrently(50, i -> postJson("""
                {"email": "%s", "cik": "%d", "formType": "10-K"}""".formatted(email, 4_100_000 + i)));

        assertThat(replies).extracting(Reply::status).containsOnly(202, 402);
        assertThat(replies.stream().filter(r -> r.status() == 202)).hasSize(10);
        List<Reply> refused = replies.stream().filter(r -> r.status() == 402).toList();
        assertThat(refused).hasSize(40);
        JsonNode problem = refused.get(0).json();
        assertThat(refused.get(0).contentType()).startsWith("application/problem+json");
        assertThat(problem.get("type").asText()).isEqualTo("https://aperilex.com/problems/insufficient-credits");
        assertThat(new BigDecimal(problem.get("priceUsd").asText())).isEqualByComparingTo("0.12");
        assertThat(new BigDecimal(problem.get("balanceUsd").asText())).isLessThan(new BigDecimal("0.12"));

        UUID user = userOf(email);
        assertThat(balance(user)).isEqualByComparingTo("0");
        assertThat(ledgerSum(user)).isEqualByComparingTo(balance(user));
        // The user was made by the first of the fifty concurrent calls: credited once.
        assertThat(rowsOf(user, "MONTHLY_CREDIT")).isEqualTo(1);
        assertThat(rowsOf(user, "RESERVATION")).isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM credit_reservations WHERE user_id = ? AND status = 'OPEN'",
                Long.class, user)).isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tasks WHERE user_id = ?", Long.class, user)).isEqualTo(10);
        Map<String, Object> task = jdbc.queryForMap("SELECT priority, filing_source FROM tasks WHERE user_id = ? LIMIT 1",
                user);
        assertThat(((Number) task.get("priority")).intValue()).isEqualTo(4);
        assertThat(task.get("filing_source")).isNull();
        assertThat(jdbc.queryForObject("SELECT credits_reset_on = (current_date + interval '1 month')::date FROM users"
                + " WHERE id = ?", Boolean.class, user)).isTrue();
    }

    @Test
    void aDuplicateOfAnOpenTaskCostsNothingAndMeetsNoCap() {
        String email = uniqueEmail();
        String body = """
                {"email": "%s", "cik": "4200001", "formType": "10-K"}""".formatted(email);
        Reply first = postJson(body);
        Reply again = postJson(body);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().get("taskId")).isEqualTo(first.json().get("taskId"));
        UUID user = userOf(email);
        assertThat(rowsOf(user, "RESERVATION")).isEqualTo(1);
        assertThat(balance(user)).isEqualByComparingTo("1.08");
        assertThat(ledgerSum(user)).isEqualByComparingTo(balance(user));
    }

    @Test
    void aTierAtItsOpenTaskCapIsRefused429AndNothingIsWritten() {
        String email = uniqueEmail();
        assertThat(postJson("""
                {"email": "%s", "cik": "4300001"}""".formatted(email)).status()).isEqualTo(202);
        UUID user = userOf(email);
        // An administrator's tier change applies from the next request on.
        jdbc.update("UPDATE users SET tier = 'PROFESSIONAL' WHERE id = ?", user);
        assertThat(postJson("""
                {"email": "%s", "cik": "4300002"}""".formatted(email)).status()).isEqualTo(202);

        Reply third = postJson("""
                {"email": "%s", "cik": "4300003"}""".formatted(email));

        assertThat(third.status()).isEqualTo(429);
        assertThat(third.contentType()).startsWith("application/problem+json");
        JsonNode problem = third.json();
        assertThat(problem.get("type").asText()).isEqualTo("https://aperilex.com/problems/too-many-open-tasks");
        assertThat(problem.get("detail").asText()).contains("2 open analysis tasks");
        assertThat(problem.get("cap").asInt()).isEqualTo(2);
        assertThat(problem.get("openTasks").asInt()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tasks WHERE user_id = ?", Long.class, user)).isEqualTo(2);
        // A repeat of an open task is still answered with it.
        assertThat(postJson("""
                {"email": "%s", "cik": "4300002"}""".formatted(email)).status()).isEqualTo(202);
        // PROFESSIONAL's fees are zero here: no reservation for the second task, the first one's only.
        assertThat(rowsOf(user, "RESERVATION")).isEqualTo(1);
        assertThat(ledgerSum(user)).isEqualByComparingTo(balance(user));
    }

    private interface Call {
        Reply call(int i) throws Exception;
    }

    private static List<Reply> concurrently(int n, Call call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call(index);
                }));
            }
            start.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) {
                replies.add(f.get());
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    private UUID userOf(String email) {
        return jdbc.queryForObject("SELECT id FROM users WHERE lower(email) = lower(?)", UUID.class, email);
    }

    private BigDecimal balance(UUID user) {
        return jdbc.queryForObject("SELECT balance_usd FROM users WHERE id = ?", BigDecimal.class, user);
    }

    private BigDecimal ledgerSum(UUID user) {
        return jdbc.queryForObject("SELECT COALESCE(sum(amount_usd), 0) FROM usage_transactions WHERE user_id = ?",
                BigDecimal.class, user);
    }

    private long rowsOf(UUID user, String type) {
        return jdbc.queryForObject("SELECT count(*) FROM usage_transactions WHERE user_id = ? AND type = ?", Long.class,
                user, type);
    }
}
