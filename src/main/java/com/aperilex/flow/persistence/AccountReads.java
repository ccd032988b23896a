package com.aperilex.flow.persistence;

import static com.aperilex.flow.persistence.TaskRows.OPEN_STATUSES;
import static com.aperilex.flow.persistence.TaskRows.ts;

import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.domain.UserTier;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The read side of accounts, for {@code GET /api/v1/me} and the admin view: the row with this hour's and day's usage. */
@Repository
public class AccountReads {
    private final JdbcTemplate jdbc;

    public AccountReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A user's row and counts as of now. */
    public record AccountRow(UserId userId, String subject, Email email, UserTier tier, BigDecimal balanceUsd,
                             LocalDate creditsResetOn, Instant createdAt, int openTasks, int requestsThisHour,
                             int requestsToday) {
    }

    public Optional<AccountRow> find(UserId user, Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        String subject = "user:" + user.value();
        return jdbc.query("""
                SELECT u.id, u.subject, u.email, u.tier, u.balance_usd, u.credits_reset_on, u.created_at,
                       (SELECT count(*) FROM tasks t WHERE t.user_id = u.id AND t.import_id IS NULL AND t.status IN %s) AS open_tasks,
                       COALESCE((SELECT used FROM rate_limit_windows
                                 WHERE subject = ? AND window_kind = 'HOUR' AND window_start = ?), 0) AS hour_used,
                       COALESCE((SELECT used FROM rate_limit_windows
                                 WHERE subject = ? AND window_kind = 'DAY' AND window_start = ?), 0) AS day_used
                FROM users u WHERE u.id = ?
                """.formatted(OPEN_STATUSES), AccountReads::row, subject, ts(hour), subject, ts(day), user.value())
                .stream().findFirst();
    }

    private static AccountRow row(ResultSet rs, int n) throws SQLException {
        String email = rs.getString("email");
        java.sql.Date reset = rs.getDate("credits_reset_on");
        return new AccountRow(new UserId(rs.getObject("id", UUID.class)), rs.getString("subject"),
                email == null ? null : Email.of(email), UserTier.valueOf(rs.getString("tier")),
                rs.getBigDecimal("balance_usd"), reset == null ? null : reset.toLocalDate(),
                rs.getTimestamp("created_at").toInstant(), rs.getInt("open_tasks"), rs.getInt("hour_used"),
                rs.getInt("day_used"));
    }

    /** The user's tier now; empty for an unknown user (one primary-key read). */
    public Optional<UserTier> tier(UserId user) {
        return jdbc.queryForList("SELECT tier FROM users WHERE id = ?", String.class, user.value()).stream()
                .findFirst().map(t -> UserTier.valueOf(t.strip()));
    }
}
