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
 * The per-address windows of callers without a verified identity: no account (the bean, as the API has no such
 * submit), and every submit in auth mode none, where the body's email is only a claim: one address asking in
 * many names is still one address. Three requests an hour and five a day per address.
 */
@TestPropertySource(properties = {
        "aperilex.worker.enabled=false",
        "aperilex.accounts.default-tier=ENTERPRISE",
        "aperilex.limits.anonymous-requests-per-hour=3",
        "aperilex.limits.anonymous-requests-per-day=5"})
class AddressRateLimitsTest extends ServiceTestSupport {
    @Autowired
    RateLimits rateLimits;

    @Autowired
    AperilexProperties properties;

    @Test
    void oneAddressAskingInManyNamesIsLimitedAsOne() throws Exception {
        List<HttpResponse<String>> replies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            replies.add(RateLimitsTest.submit(uri("/api/v1/analyses"), uniqueEmail(), 4200 + i));
        }
        assertThat(replies.subList(0, 3)).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(202));
        assertThat(replies.get(0).headers().firstValue("RateLimit-Limit")).hasValue("3");
        assertThat(replies.get(2).headers().firstValue("RateLimit-Remaining")).hasValue("0");
        HttpResponse<String> refused = replies.get(3);
        assertThat(refused.statusCode()).isEqualTo(429);
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("type").asText()).isEqualTo("https://aperilex.com/problems/rate-limited");
        assertThat(problem.get("detail").asText()).contains("hourly", "3", "client address");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tasks WHERE cik = 4203", Integer.class)).isZero();
    }

    @Test
    void callersWithoutAnAccountAreLimitedPerAddress() {
        Account anonymous = new Account(new UserId(new UUID(0, 0)), properties.tiers().policy(UserTier.ENTERPRISE), true);
        String address = "198.51.100." + (int) (Math.random() * 250);
        for (int i = 1; i <= 3; i++) {
            RateLimitState state = rateLimits.count(anonymous, address);
            assertThat(state.limited()).isTrue();
            assertThat(state.limit()).isEqualTo(3); // the hourly window is the tighter one
            assertThat(state.remaining()).isEqualTo(3 - i);
        }
        assertThatThrownBy(() -> rateLimits.count(anonymous, address)).isInstanceOfSatisfying(RateLimitedException.class,
                e -> {
                    assertThat(e.window()).isEqualTo(RateWindow.HOUR);
                    assertThat(e.limit()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("hourly", "3");
                });
        // Another address has windows of its own.
        assertThat(rateLimits.count(anonymous, address + "1").remaining()).isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT window_kind || ':' || used FROM rate_limit_windows WHERE subject = ? "
                + "ORDER BY window_kind", String.class, "ip:" + address)).containsExactly("DAY:3", "HOUR:3");
        assertThat(rateLimits.usage(anonymous, address)).containsEntry(RateWindow.HOUR, 3).containsEntry(RateWindow.DAY, 3);
        assertThat(rateLimits.usage(anonymous, "192.0.2.1")).containsEntry(RateWindow.HOUR, 0).containsEntry(RateWindow.DAY, 0);
    }


    @Test
    void aRequestRefusedByOneWindowCountsInNone() {
        Account anonymous = new Account(new UserId(new UUID(0, 0)), properties.tiers().policy(UserTier.ENTERPRISE), true);
        String address = "2001:db8::" + Integer.toHexString((int) (Math.random() * 60000));
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS);
        jdbc.update("INSERT INTO rate_limit_windows (subject, window_kind, window_start, used) VALUES (?, 'DAY', ?, 5)",
                "ip:" + address, Timestamp.from(day));
        assertThatThrownBy(() -> rateLimits.count(anonymous, address)).isInstanceOfSatisfying(RateLimitedException.class,
                e -> {
                    assertThat(e.window()).isEqualTo(RateWindow.DAY);
                    assertThat(e.getMessage()).contains("daily", "5");
                    assertThat(e.retryAfterSeconds()).isGreaterThan(0).isLessThanOrEqualTo(86_400);
                });
        assertThat(jdbc.queryForList("SELECT window_kind || ':' || used FROM rate_limit_windows WHERE subject = ?",
                String.class, "ip:" + address)).as("the hour's window was rolled back").containsExactly("DAY:5");
    }
}
