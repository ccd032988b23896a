package com.aperilex.flow.accounts;

import com.aperilex.flow.domain.Account;
import com.aperilex.flow.domain.RateLimitState;
import com.aperilex.flow.domain.RateLimitedException;
import com.aperilex.flow.domain.RateWindow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.OpenApiContract;
import com.aperilex.flow.ServiceTestSupport;
import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.domain.UserTier;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Requests per hour and day, counted in PostgreSQL: exact under concurrency, all or nothing across a caller's
 * windows (per client address: AddressRateLimitsTest). An API-only context (no worker), and a tier with
 * only an hourly limit and no open-task cap or fee, so nothing but the window refuses.
 */
@TestPropertySource(properties = {
        "aperilex.worker.enabled=false",
        "aperilex.accounts.default-tier=ENTERPRISE",
        "aperilex.tiers.enterprise.requests-per-hour=20"})
class RateLimitsTest extends ServiceTestSupport {
    @Autowired
    RateLimits rateLimits;

    @Autowired
    AperilexProperties properties;

    static HttpResponse<String> submit(java.net.URI uri, String email, long cik) {
        return OpenApiContract.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"email": "%s", "cik": "%d"}""".formatted(email, cik))).build());
    }

    /** 40 requests at once from one user with 20 an hour: exactly 20 pass, 20 are refused with the headers. */
    static void assertExactlyTwentyOfFortyPass(List<HttpResponse<String>> replies) throws Exception {
        List<HttpResponse<String>> refused = replies.stream().filter(r -> r.statusCode() == 429).toList();
        List<HttpResponse<String>> passed = replies.stream().filter(r -> r.statusCode() != 429).toList();
        assertThat(passed).as("passed the limit").hasSize(20);
        assertThat(refused).as("refused").hasSize(20);
        for (HttpResponse<String> reply : passed) {
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);
            assertThat(reply.headers().firstValue("RateLimit-Limit")).hasValue("20");
            assertThat(Integer.parseInt(reply.headers().firstValue("RateLimit-Remaining").orElseThrow())).isBetween(0, 19);
        }
        assertThat(passed.stream().map(r -> r.headers().firstValue("RateLimit-Remaining").orElseThrow()).distinct())
                .as("each passing request saw its own count").hasSize(20);
        for (HttpResponse<String> reply : refused) {
            assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = JSON.readTree(reply.body());
            assertThat(problem.get("type").asText()).isEqualTo("https://aperilex.com/problems/rate-limited");
            assertThat(problem.get("detail").asText()).contains("hourly", "20");
            long retryAfter = Long.parseLong(reply.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 3600L);
            assertThat(reply.headers().firstValue("RateLimit-Limit")).hasValue("20");
            assertThat(reply.headers().firstValue("RateLimit-Remaining")).hasValue("0");
            assertThat(reply.headers().firstValue("RateLimit-Reset")).hasValue(String.valueOf(retryAfter));
        }
    }

    static List<HttpResponse<String>> fortyAtOnce(List<java.net.URI> targets, String email) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(40);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                java.net.URI target = targets.get(i % targets.size());
                // Different filings (distinct tasks) and repeats of one (a duplicate of an open task counts too).
                long cik = i % 4 == 0 ? 4100 : 4100 + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return submit(target, email, cik);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> replies = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                replies.add(f.get());
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fortyConcurrentRequestsOfOneUserAtTwentyAnHourPassExactlyTwenty() throws Exception {
        String email = uniqueEmail();
        assertExactlyTwentyOfFortyPass(fortyAtOnce(List.of(uri("/api/v1/analyses")), email));
        UUID user = jdbc.queryForObject("SELECT id FROM users WHERE email = ?", UUID.class, email);
        assertThat(jdbc.queryForList("SELECT window_kind || ':' || used FROM rate_limit_windows WHERE subject = ?",
                String.class, "user:" + user)).containsExactly("HOUR:20");
        // Still full: the next one is refused too, and counts nowhere.
        assertThat(submit(uri("/api/v1/analyses"), email, 4100).statusCode()).isEqualTo(429);
        assertThat(jdbc.queryForObject("SELECT used FROM rate_limit_windows WHERE subject = ?", Integer.class,
                "user:" + user)).isEqualTo(20);
    }

    @Test
    void windowsOlderThanThePurgeAgeAreRemoved() {
        String subject = "user:" + UUID.randomUUID();
        Instant old = Instant.now().minus(properties.limits().windowPurgeAfter()).minus(1, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.HOURS);
        jdbc.update("INSERT INTO rate_limit_windows VALUES (?, 'HOUR', ?, 7), (?, 'HOUR', ?, 1)",
                subject, Timestamp.from(old), subject, Timestamp.from(Instant.now().truncatedTo(ChronoUnit.HOURS)));
        assertThat(rateLimits.purgeExpired()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForList("SELECT used FROM rate_limit_windows WHERE subject = ?", Integer.class, subject))
                .containsExactly(1);
    }
}
