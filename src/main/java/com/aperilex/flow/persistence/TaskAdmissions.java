package com.aperilex.flow.persistence;

import static com.aperilex.flow.persistence.TaskRows.OPEN_STATUSES;
import static com.aperilex.flow.persistence.TaskRows.ts;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.TaskStatus;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Intake's side of the tasks: a new PENDING task per request, or the task the same request already has (dedup keys). */
@Repository
public class TaskAdmissions {
    /** The layout version of a {@code tasks} row (its schema_version column); the request has its own. */
    static final int TASK_ROW_SCHEMA_VERSION = 1;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TaskTransitions transitions;

    public TaskAdmissions(JdbcTemplate jdbc, TransactionTemplate tx, TaskTransitions transitions) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.transitions = transitions;
    }

    /**
     * Creates a PENDING task of {@code owner} for the request unless the same dedup key already maps onto a task that
     * is open or younger than the window. Concurrent identical requests serialise on the dedup row,
     * so exactly one of them creates the task and the rest receive its id and status. The dedup key names the
     * owner ({@link com.aperilex.flow.intake.DedupKeys}), so a task found by it is always the owner's own.
     */
    public Admission admit(UserId owner, AnalysisRequest request, String dedupKey, Instant now, Duration dedupWindow) {
        // Fast path for the common duplicate: one read, no write.
        Optional<Admission> existing = findHolder(dedupKey, now.minus(dedupWindow));
        if (existing.isPresent()) {
            return existing.get();
        }
        TaskId candidate = TaskId.random();
        Boolean created = tx.execute(status -> {
            insertPendingTask(candidate, owner, request, dedupKey, now);
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
            if (holder.size() == 1 && holder.get(0).equals(candidate.value())) {
                return true;
            }
            status.setRollbackOnly();
            return false;
        });
        if (Boolean.TRUE.equals(created)) {
            return new Admission(candidate, true, TaskStatus.PENDING);
        }
        return jdbc.query("""
                SELECT t.id, t.status FROM task_dedup d JOIN tasks t ON t.id = d.task_id WHERE d.dedup_key = ?
                """, TaskAdmissions::existing, dedupKey)
                .stream().findFirst()
                .orElseGet(() -> admit(owner, request, dedupKey, now, dedupWindow));
    }

    /** The task that currently holds the dedup key, if it still does: open, or finished inside the window. */
    private Optional<Admission> findHolder(String dedupKey, Instant windowStart) {
        return jdbc.query("""
                SELECT t.id, t.status FROM task_dedup d JOIN tasks t ON t.id = d.task_id
                WHERE d.dedup_key = ?
                  AND t.status NOT IN ('FAILED', 'CANCELLED')
                  AND (t.status IN %s OR d.created_at >= ?)
                """.formatted(OPEN_STATUSES), TaskAdmissions::existing, dedupKey, ts(windowStart)).stream().findFirst();
    }

    private static Admission existing(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Admission(TaskRows.taskId(rs), false, TaskStatus.valueOf(rs.getString("status")));
    }

    private void insertPendingTask(TaskId id, UserId owner, AnalysisRequest request, String dedupKey, Instant now) {
        jdbc.update("""
                INSERT INTO tasks (id, schema_version, user_id, email, ticker, cik, form_type, accession_number,
                                   request_schema_version, model_tier, dedup_key, status, created_at,
                                   updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)
                """,
                id.value(), TASK_ROW_SCHEMA_VERSION, owner.value(), request.requesterEmail().map(Email::value).orElse(null),
                request.ticker().map(Ticker::value).orElse(null),
                request.cik().map(Cik::value).orElse(null),
                request.formType().edgarName(),
                request.accession().map(AccessionNumber::value).orElse(null),
                request.schemaVersion(), request.modelTier().wireName(), dedupKey, ts(now), ts(now));
        transitions.record(id, TaskStatus.PENDING, null, null, now);
    }
}
