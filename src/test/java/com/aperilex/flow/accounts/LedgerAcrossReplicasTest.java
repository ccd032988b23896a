package com.aperilex.flow.accounts;

import com.aperilex.flow.persistence.MonthlyCredits;
import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.OpenApiContract;
import com.aperilex.flow.persistence.Users;
import com.aperilex.flow.servers.ServiceReplica;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two API-only replicas on one database: the fees' reservations are exact across them, and the monthly credits
 * are granted once per user however the two replicas' runs meet.
 */
class LedgerAcrossReplicasTest {
    private static final String RUN = UUID.randomUUID().toString();
    private static final List<String> TIERS = List.of(
            "aperilex.worker.enabled=false",
            "aperilex.accounts.default-tier=BASIC",
            "aperilex.tiers.basic.requests-per-hour=100000",
            "aperilex.tiers.basic.requests-per-day=100000",
            "aperilex.tiers.basic.concurrent-analyses=100",
            "aperilex.tiers.basic.max-history-years=100",
            "aperilex.tiers.basic.universe=ALL",
            "aperilex.tiers.basic.filing-access-fee-usd=0.10",
            "aperilex.tiers.basic.analysis-fee-usd=0.02",
            "aperilex.tiers.basic.monthly-credits-usd=1.20",
            ServiceReplica.STREAM_TOKEN_KEY);
    private static ServiceReplica replicaA;
    private static ServiceReplica replicaB;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startTwoReplicas() {
        replicaA = ServiceReplica.withProfiles("dev").properties(TIERS).properties(
                "aperilex.dev.postgres-data-directory=target/test-data/" + RUN + "/postgres",
                "aperilex.storage.local-directory=target/test-data/" + RUN + "/storage").start();
        replicaB = ServiceReplica.withProfiles("api-replica").properties(TIERS).properties(ServiceReplica.WITHOUT_TOKENS)
                .sharingDevServersOf(replicaA).properties(
                        "aperilex.storage.local-directory=target/test-data/" + RUN + "/storage").start();
        jdbc = replicaA.bean(JdbcTemplate.class);
    }

    @AfterAll
    static void stop() {
        ServiceReplica.closeAll(replicaB, replicaA);
    }

    @Test
    void fiftyRequestsSplitOverTwoReplicasFromCreditsForTenAdmitExactlyTen() throws Exception {
        String email = "ledger-" + UUID.randomUUID() + "@example.com";
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ServiceReplica replica = i % 2 == 0 ? replicaA : replicaB;
            String body = """
                    {"email": "%s", "cik": "%d", "formType": "10-K"}""".formatted(email, 5_100_000 + i);
            calls.add(() -> post(replica, body).statusCode());
        }

        List<Integer> statuses = concurrently(calls);

        assertThat(statuses).containsOnly(202, 402);
        assertThat(statuses.stream().filter(s -> s == 202)).hasSize(10);
        assertThat(statuses.stream().filter(s -> s == 402)).hasSize(40);
        UUID user = jdbc.queryForObject("SELECT id FROM users WHERE email = ?", UUID.class, email);
        BigDecimal balance = jdbc.queryForObject("SELECT balance_usd FROM users WHERE id = ?", BigDecimal.class, user);
        assertThat(balance).isEqualByComparingTo("0");
        assertThat(jdbc.queryForObject("SELECT sum(amount_usd) FROM usage_transactions WHERE user_id = ?",
                BigDecimal.class, user)).isEqualByComparingTo(balance);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM credit_reservations WHERE user_id = ?", Long.class, user))
                .isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM usage_transactions WHERE user_id = ? AND type = 'MONTHLY_CREDIT'",
                Long.class, user)).isEqualTo(1);
    }

    @Test
    void monthlyCreditsAreGrantedOnceWhenBothReplicasRunAtTheSameMoment() throws Exception {
        Users users = replicaA.bean(Users.class);
        List<UUID> due = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            due.add(users.resolve("monthly-" + UUID.randomUUID(), null).value());
        }
        jdbc.update("UPDATE users SET credits_reset_on = current_date - 1 WHERE id = ANY (?)",
                (Object) due.toArray(UUID[]::new));
        MonthlyCredits a = replicaA.bean(MonthlyCredits.class);
        MonthlyCredits b = replicaB.bean(MonthlyCredits.class);

        List<Callable<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(a::grantDue);
            runs.add(b::grantDue);
        }
        concurrently(runs);

        for (UUID user : due) {
            // The grant at creation and one monthly grant: the next reset is a month on (on the user's own day of
            // the month, made today), never sooner.
            assertThat(jdbc.queryForObject("""
                    SELECT count(*) FROM usage_transactions WHERE user_id = ? AND type = 'MONTHLY_CREDIT'""",
                    Long.class, user)).as("monthly credits of " + user).isEqualTo(2);
            assertThat(jdbc.queryForObject("SELECT balance_usd FROM users WHERE id = ?", BigDecimal.class, user))
                    .isEqualByComparingTo("2.40");
            assertThat(jdbc.queryForObject("""
                    SELECT credits_reset_on = GREATEST((created_at AT TIME ZONE 'UTC')::date + interval '1 month',
                                                       current_date - 1 + interval '1 month')::date
                           OR credits_reset_on = (current_date - 1 + interval '1 month')::date
                    FROM users WHERE id = ?""",
                    Boolean.class, user)).isTrue();
        }
        assertThat(a.grantDue() + b.grantDue()).as("nobody is due any more").isZero();
    }

    private static HttpResponse<String> post(ServiceReplica replica, String body) throws Exception {
        return OpenApiContract.send(HttpRequest.newBuilder(replica.uri("/api/v1/analyses"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static <T> List<T> concurrently(List<Callable<T>> calls) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
