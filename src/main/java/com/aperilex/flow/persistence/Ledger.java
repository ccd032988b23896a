package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.TransactionType;

import com.aperilex.flow.domain.LedgerEntry;

import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.domain.UserTier;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.stereotype.Repository;

/**
 * The ledger ({@code usage_transactions}) and the balance it sums to ({@code users.balance_usd}). Every
 * posting is one statement: the balance moves only if it stays at or above zero
 * ({@code UPDATE .. WHERE balance_usd + amount >= 0 RETURNING}) and the row is written with the balance after,
 * so {@code balance_usd == sum(amount_usd)} holds at every moment under any concurrency, on any replica. Called
 * inside a caller's transaction (admission, settlement) the posting joins it.
 */
@Repository
public class Ledger {
    private static final String COLUMNS = """
            id, user_id, type, amount_usd, balance_after_usd, filing_id, task_id, description, actor_user_id,
            created_at""";

    private final JdbcTemplate jdbc;
    private final PostingObserver observer;

    /** Hears of every row once its transaction committed, with the user's tier then (for the metrics). */
    @FunctionalInterface
    public interface PostingObserver {
        void posted(LedgerEntry entry, UserTier tier);
    }

    public Ledger(JdbcTemplate jdbc, ObjectProvider<PostingObserver> observer) {
        this.jdbc = jdbc;
        this.observer = observer.getIfAvailable(() -> (entry, tier) -> { });
    }

    /**
     * Posts one row: {@code amount} (negative for a debit) moves the user's balance and is recorded with the
     * balance after. Empty, and nothing written, when a debit would take the balance below zero (or the user
     * does not exist).
     *
     * @param filing the filing the row is about, or null
     * @param task   the task the row is about, or null
     * @param actor  the administrator who made the row, or null
     */
    public Optional<LedgerEntry> post(UserId user, TransactionType type, BigDecimal amount, FilingId filing,
                                      TaskId task, String description, UserId actor) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(description, "description");
        Optional<Posted> posted = jdbc.query("""
                WITH moved AS (
                    UPDATE users SET balance_usd = balance_usd + ?
                    WHERE id = ? AND balance_usd + ? >= 0
                    RETURNING id, balance_usd, tier),
                written AS (
                    INSERT INTO usage_transactions (user_id, type, filing_id, task_id, amount_usd, balance_after_usd,
                                                    description, actor_user_id)
                    SELECT id, ?::varchar, ?::uuid, ?::uuid, ?::numeric, balance_usd, ?::text, ?::uuid FROM moved
                    RETURNING %s)
                SELECT written.*, moved.tier FROM written, moved
                """.formatted(COLUMNS), (rs, row) -> new Posted(entry(rs, row), UserTier.valueOf(rs.getString("tier"))),
                amount, user.value(), amount, type.name(), filing == null ? null : filing.value(),
                task == null ? null : task.value(), amount, description, actor == null ? null : actor.value())
                .stream().findFirst();
        posted.ifPresent(this::announce);
        return posted.map(Posted::entry);
    }

    /**
     * Credits an administrator grants (POST /api/v1/admin/users/{userId}/credits): a CREDIT_GRANT row.
     *
     * @param amount positive; a negative adjustment is not a grant and is refused
     * @throws IllegalArgumentException for an amount that is not positive, or a user that does not exist
     */
    public LedgerEntry grant(UserId user, BigDecimal amount, String reason, UserId actor) {
        return credit(user, TransactionType.CREDIT_GRANT, amount, reason, actor);
    }

    /** Credits given back (a REFUND row), e.g. for a charge made in error; positive, as {@link #grant}. */
    public LedgerEntry refund(UserId user, BigDecimal amount, String reason, UserId actor) {
        return credit(user, TransactionType.REFUND, amount, reason, actor);
    }

    private LedgerEntry credit(UserId user, TransactionType type, BigDecimal amount, String reason, UserId actor) {
        if (amount == null || amount.signum() <= 0) {
            throw new IllegalArgumentException("a " + type + " must be a positive amount");
        }
        return post(user, type, amount, null, null, reason == null || reason.isBlank() ? type.name() : reason, actor)
                .orElseThrow(() -> new IllegalArgumentException("no user " + user));
    }

    /** The user's balance in US dollars; empty for an unknown user. */
    public Optional<BigDecimal> balance(UserId user) {
        return jdbc.queryForList("SELECT balance_usd FROM users WHERE id = ?", BigDecimal.class, user.value())
                .stream().findFirst();
    }

    /**
     * The user's latest rows, newest first: at most {@code limit}, and only rows older than {@code beforeId}
     * when given (the next page starts before the last id of this one).
     */
    public List<LedgerEntry> entries(UserId user, Long beforeId, int limit) {
        return jdbc.query("""
                SELECT %s FROM usage_transactions
                WHERE user_id = ? AND (?::bigint IS NULL OR id < ?::bigint)
                ORDER BY id DESC LIMIT ?
                """.formatted(COLUMNS), Ledger::entry, user.value(), beforeId, beforeId, limit);
    }

    private record Posted(LedgerEntry entry, UserTier tier) {
    }

    /** To the observer after the commit (a rolled-back posting never happened), or at once outside a transaction. */
    private void announce(Posted posted) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    observer.posted(posted.entry(), posted.tier());
                }
            });
        } else {
            observer.posted(posted.entry(), posted.tier());
        }
    }

    private static LedgerEntry entry(ResultSet rs, int row) throws SQLException {
        UUID filing = rs.getObject("filing_id", UUID.class);
        UUID task = rs.getObject("task_id", UUID.class);
        UUID actor = rs.getObject("actor_user_id", UUID.class);
        return new LedgerEntry(rs.getLong("id"), new UserId(rs.getObject("user_id", UUID.class)),
                TransactionType.valueOf(rs.getString("type")), rs.getBigDecimal("amount_usd"),
                rs.getBigDecimal("balance_after_usd"), filing == null ? null : new FilingId(filing),
                task == null ? null : new TaskId(task), rs.getString("description"),
                actor == null ? null : new UserId(actor), rs.getTimestamp("created_at").toInstant());
    }
}
