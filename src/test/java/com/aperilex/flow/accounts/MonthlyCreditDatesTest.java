package com.aperilex.flow.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.ServiceTestSupport;
import com.aperilex.flow.persistence.MonthlyCredits;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Monthly credits fall on the user's own day of the month: a user made on January 31 is granted on February 28
 * and then on March 31, not on the 28th for ever after; a user months behind catches up one month per run.
 * (The context of ExpiredQueuedTaskTest: API only, BASIC.)
 */
@TestPropertySource(properties = {"aperilex.worker.enabled=false", "aperilex.accounts.default-tier=BASIC"})
class MonthlyCreditDatesTest extends ServiceTestSupport {
    @Autowired
    MonthlyCredits monthlyCredits;

    private UUID user(String createdAt, String resetOn) {
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO users (id, subject, email, tier, balance_usd, credits_reset_on, created_at) "
                + "VALUES (?, ?, NULL, 'BASIC', 0, ?::date, ?::timestamptz)", id, "dates-" + id, resetOn, createdAt);
        return id;
    }

    private LocalDate resetOn(UUID user) {
        return jdbc.queryForObject("SELECT credits_reset_on FROM users WHERE id = ?", java.sql.Date.class, user)
                .toLocalDate();
    }

    @Test
    void theGrantKeepsTheUsersDayOfTheMonth() {
        UUID endOfMonth = user("2026-01-31T10:00:00Z", "2026-02-28");
        UUID behind = user("2026-06-15T10:00:00Z", "2026-09-15");

        monthlyCredits.grantDue();
        assertThat(resetOn(endOfMonth)).isEqualTo(LocalDate.parse("2026-03-31"));
        assertThat(resetOn(behind)).isEqualTo(LocalDate.parse("2026-10-15"));
        monthlyCredits.grantDue();
        assertThat(resetOn(endOfMonth)).isEqualTo(LocalDate.parse("2026-04-30"));
        assertThat(resetOn(behind)).isEqualTo(LocalDate.parse("2026-11-15"));
        // Two grants of BASIC's $5, each a ledger row.
        assertThat(jdbc.queryForObject("SELECT count(*)::int FROM usage_transactions WHERE user_id = ? "
                + "AND type = 'MONTHLY_CREDIT'", Integer.class, endOfMonth)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT balance_usd FROM users WHERE id = ?", java.math.BigDecimal.class,
                endOfMonth)).isEqualByComparingTo("10");
    }
}
