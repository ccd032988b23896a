package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.HistoryWindow;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static com.aperilex.flow.persistence.TaskRows.OPEN_STATUSES;
import static com.aperilex.flow.persistence.TaskRows.ts;

import com.aperilex.flow.domain.Account;
import com.aperilex.flow.persistence.Reservations;
import com.aperilex.flow.domain.TierPolicy;
import com.aperilex.flow.domain.TooManyOpenTasksException;
import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.TaskStatus;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.domain.UserTier;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Intake's side of the tasks: a new PENDING task per request, or the task the same request already has (dedup keys).
 * A new task is admitted in one transaction with its owner's open-task cap checked and its fees reserved, the
 * owner's row locked meanwhile: a refusal (429, 402) writes nothing.
 */
@Repository
public class TaskAdmissions {
    /** The layout version of a {@code tasks} row (its schema_version column); the request has its own. */
    static final int TASK_ROW_SCHEMA_VERSION = 1;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TaskTransitions transitions;
    private final Reservations reservations;
    private final AperilexProperties properties;

    public TaskAdmissions(JdbcTemplate jdbc, TransactionTemplate tx, TaskTransitions transitions,
                          Reservations reservations, AperilexProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.transitions = transitions;
        this.reservations = reservations;
        this.properties = properties;
    }

    /**
     * Creates a PENDING task of {@code owner} for the request unless the same dedup key already maps onto a task that
     * is open or younger than the window. Concurrent identical requests serialise on the dedup row,
     * so exactly one of them creates the task and the rest receive its id and status. The dedup key names the
     * owner ({@link com.aperilex.flow.intake.DedupKeys}), so a task found by it is always the owner's own.
     *
     * <p>A duplicate costs nothing and meets no cap. A new task of an owner with a user row: the row is locked
     * ({@code FOR NO KEY UPDATE}, so the owner's admissions are serialised on every replica), the tier read there (the
     * tier now, not a cached one), the open tasks counted against the tier's concurrent-analyses, and the fees it
     * can incur reserved: the filing access fee unless the owner already accessed the named accession (a "latest"
     * request's filing is not known yet: reserved), and the analysis fee (no valid pooled analysis exists, or
     * the request would not need a task). The task is written with the tier's priority, {@code filingSource} and history window (filed_since).
     *
     * @param filingSource the data source the task resolves its filing through; null for the configured one
     * @param traceParent  the W3C traceparent of the span admitting it (later runs continue its trace); null: none
     * @throws TooManyOpenTasksException the owner has as many open tasks as the tier allows
     * @throws com.aperilex.flow.domain.InsufficientCreditsException the balance does not cover the fees
     */
    public Admission admit(Account account, AnalysisRequest request, String dedupKey, String filingSource,
                           String traceParent, Instant now, Duration dedupWindow) {
        UserId owner = account.userId();
        // Fast path for the common duplicate: one read, no write.
        Optional<Admission> existing = findHolder(dedupKey, now.minus(dedupWindow));
        if (existing.isPresent()) {
            return existing.get();
        }
        TaskId candidate = TaskId.random();
        Admission admitted = tx.execute(status -> {
            TierPolicy policy = account.policy();
            if (!account.anonymous()) {
                List<String> tier = jdbc.queryForList("SELECT tier FROM users WHERE id = ? FOR NO KEY UPDATE", String.class,
                        owner.value());
                if (!tier.isEmpty()) {
                    policy = properties.tiers().policy(UserTier.valueOf(tier.get(0).strip()));
                }
                // The same request admitted while this one waited for the lock is this one's task.
                Optional<Admission> holder = findHolder(dedupKey, now.minus(dedupWindow));
                if (holder.isPresent()) {
                    return holder.get();
                }
                OptionalInt cap = policy.openTaskCap();
                if (cap.isPresent()) {
                    // A bulk import's tasks wait in the bulk lane and are limited by the import: not counted here.
                    int open = jdbc.queryForObject("SELECT count(*)::int FROM tasks WHERE user_id = ? AND import_id IS NULL"
                            + " AND status IN " + OPEN_STATUSES, Integer.class, owner.value());
                    if (open >= cap.getAsInt()) {
                        throw new TooManyOpenTasksException(cap.getAsInt(), open);
                    }
                }
            }
            // The tier's history window, which the worker checks the resolved filing against (FilingSources).
            LocalDate filedSince = policy.historyYears().isPresent()
                    ? HistoryWindow.yearsBack(LocalDate.ofInstant(now, ZoneOffset.UTC), policy.historyYears().getAsInt())
                            .earliest()
                    : null;
            insertPendingTask(candidate, owner, request, dedupKey, now, policy.priority(), filingSource, filedSince,
                    traceParent);
            List<UUID> holder = jdbc.queryForList("""
                    INSERT INTO task_dedup (dedup_key, task_id, created_at) VALUES (?, ?, ?)
                    ON CONFLICT (dedup_key) DO UPDATE
                        SET task_id = EXCLUDED.task_id, created_at = EXCLUDED.created_at
                        -- take the key over when its task is finished and out of the window, or failed
                        WHERE (task_dedup.created_at < ?
                               AND NOT EXISTS (SELECT 1 FROM tasks t
                                               WHERE t.id = task_dedup.task_id AND t.status IN %s))
                           OR EXISTS (SELECT 1 FROM tasks t
                                      WHERE t.id = task_dedup.task_id AND t.status IN ('FAILED', 'CANCELLED'))
                    RETURNING task_id
                    """.formatted(OPEN_STATUSES), UUID.class,
                    dedupKey, candidate.value(), ts(now), ts(now.minus(dedupWindow)));
            if (holder.size() != 1 || !holder.get(0).equals(candidate.value())) {
                status.setRollbackOnly();
                return null;
            }
            if (!account.anonymous()) {
                reservations.reserve(candidate, owner, accessFee(owner, request, policy), policy.analysisFeeUsd());
            }
            return new Admission(candidate, true, TaskStatus.PENDING, policy.priority());
        });
        if (admitted != null) {
            return admitted;
        }
        return jdbc.query("""
                SELECT t.id, t.status, t.priority FROM task_dedup d JOIN tasks t ON t.id = d.task_id WHERE d.dedup_key = ?
                """, TaskAdmissions::existing, dedupKey)
                .stream().findFirst()
                .orElseGet(() -> admit(account, request, dedupKey, filingSource, traceParent, now, dedupWindow));
    }

    /** The tier's access fee, unless the owner already accessed the filing the request names by accession. */
    private BigDecimal accessFee(UserId owner, AnalysisRequest request, TierPolicy policy) {
        BigDecimal fee = policy.filingAccessFeeUsd();
        if (fee.signum() == 0 || request.wantsLatest()) {
            return fee;
        }
        boolean accessed = !jdbc.queryForList("""
                SELECT 1 FROM user_filing_access a JOIN filings f ON f.id = a.filing_id
                WHERE a.user_id = ? AND f.accession_number = ?
                """, Integer.class, owner.value(), request.accessionNumber().value()).isEmpty();
        return accessed ? BigDecimal.ZERO : fee;
    }

    /**
     * {@link #admit(Account, AnalysisRequest, String, String, String, Instant, Duration)} for an owner with a user
     * row, at the tier that row has, with the configured data source, outside any trace.
     */
    public Admission admit(UserId owner, AnalysisRequest request, String dedupKey, Instant now, Duration dedupWindow) {
        Account account = new Account(owner, properties.tiers().policy(properties.accounts().defaultTier()), false);
        return admit(account, request, dedupKey, null, null, now, dedupWindow);
    }

    /** The task that currently holds the dedup key, if it still does: open, or finished inside the window. */
    private Optional<Admission> findHolder(String dedupKey, Instant windowStart) {
        return jdbc.query("""
                SELECT t.id, t.status, t.priority FROM task_dedup d JOIN tasks t ON t.id = d.task_id
                WHERE d.dedup_key = ?
                  AND t.status NOT IN ('FAILED', 'CANCELLED')
                  AND (t.status IN %s OR d.created_at >= ?)
                """.formatted(OPEN_STATUSES), TaskAdmissions::existing, dedupKey, ts(windowStart)).stream().findFirst();
    }

    private static Admission existing(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Admission(TaskRows.taskId(rs), false, TaskStatus.valueOf(rs.getString("status")), rs.getInt("priority"));
    }

    private void insertPendingTask(TaskId id, UserId owner, AnalysisRequest request, String dedupKey, Instant now,
                                   int priority, String filingSource, LocalDate filedSince, String traceParent) {
        jdbc.update("""
                INSERT INTO tasks (id, schema_version, user_id, email, ticker, cik, form_type, accession_number,
                                   request_schema_version, model_tier, dedup_key, status, created_at,
                                   updated_at, priority, filing_source, filed_since, trace_parent)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?)
                """,
                id.value(), TASK_ROW_SCHEMA_VERSION, owner.value(), request.requesterEmail().map(Email::value).orElse(null),
                request.ticker().map(Ticker::value).orElse(null),
                request.cik().map(Cik::value).orElse(null),
                request.formType().edgarName(),
                request.accession().map(AccessionNumber::value).orElse(null),
                request.schemaVersion(), request.modelTier().wireName(), dedupKey, ts(now), ts(now), priority,
                filingSource, filedSince == null ? null : java.sql.Date.valueOf(filedSince), traceParent);
        transitions.record(id, TaskStatus.PENDING, null, null, now);
    }
}
