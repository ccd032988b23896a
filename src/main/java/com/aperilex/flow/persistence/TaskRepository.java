package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.AnalysisStatus;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.TaskStatus;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.domain.SchemaVersions;
import com.aperilex.flow.message.TaskMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Tasks, their transitions and the dedup keys that map a repeated request onto its task. */
@Repository
public class TaskRepository {
    private static final String OPEN_STATUSES = "('PENDING', 'QUEUED', 'PROCESSING', 'RETRYING')";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public TaskRepository(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Creates a PENDING task for the request unless the same dedup key already maps onto a task that
     * is open or younger than the window. Concurrent identical requests serialise on the dedup row,
     * so exactly one of them creates the task and the rest receive its id.
     */
    public Admission admit(AnalysisRequest request, String dedupKey, Instant now, Duration dedupWindow) {
        // Fast path for the common duplicate: one read, no write.
        Optional<Admission> existing = findHolder(dedupKey, now.minus(dedupWindow));
        if (existing.isPresent()) {
            return existing.get();
        }
        TaskId candidate = TaskId.random();
        Boolean created = tx.execute(status -> {
            insertPendingTask(candidate, request, dedupKey, now);
            List<UUID> owner = jdbc.queryForList("""
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
            if (owner.size() == 1 && owner.get(0).equals(candidate.value())) {
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
                """, (rs, n) -> new Admission(new TaskId(rs.getObject(1, UUID.class)), false,
                TaskStatus.valueOf(rs.getString(2))), dedupKey)
                .stream().findFirst()
                .orElseGet(() -> admit(request, dedupKey, now, dedupWindow));
    }

    /** The task that currently holds the dedup key, if it still does: open, or finished inside the window. */
    private Optional<Admission> findHolder(String dedupKey, Instant windowStart) {
        return jdbc.query("""
                SELECT t.id, t.status FROM task_dedup d JOIN tasks t ON t.id = d.task_id
                WHERE d.dedup_key = ?
                  AND t.status NOT IN ('FAILED', 'CANCELLED')
                  AND (t.status IN %s OR d.created_at >= ?)
                """.formatted(OPEN_STATUSES), (rs, n) -> new Admission(new TaskId(rs.getObject(1, UUID.class)), false,
                TaskStatus.valueOf(rs.getString(2))), dedupKey, ts(windowStart)).stream().findFirst();
    }

    private void insertPendingTask(TaskId id, AnalysisRequest request, String dedupKey, Instant now) {
        jdbc.update("""
                INSERT INTO tasks (id, schema_version, email, ticker, cik, form_type, accession_number,
                                   request_schema_version, dedup_key, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)
                """,
                id.value(), SchemaVersions.CURRENT, request.email().value(),
                request.ticker().map(Ticker::value).orElse(null),
                request.cik().map(Cik::value).orElse(null),
                request.formType().edgarName(),
                request.accession().map(AccessionNumber::value).orElse(null),
                request.schemaVersion(), dedupKey, ts(now), ts(now));
        recordTransition(id, TaskStatus.PENDING, null, null, now);
    }

    /** PENDING to QUEUED once the broker has the message; never moves a task that a worker already took. */
    public boolean markQueued(TaskId id, Instant now) {
        return transition(id, TaskStatus.QUEUED, null, now, "status = 'PENDING'");
    }

    /**
     * A worker takes the task for run {@code attempt}. False if it is already taken, finished, or the
     * message is of an older run, so a redelivery does no work twice. Counts the run and starts its lease.
     */
    public boolean markProcessing(TaskId id, int attempt, Instant now, Duration lease) {
        Boolean taken = tx.execute(status -> {
            List<String> current = jdbc.queryForList("SELECT status FROM tasks WHERE id = ? FOR UPDATE", String.class,
                    id.value());
            if (current.isEmpty()) {
                return false;
            }
            // A worker can receive the message before intake has recorded QUEUED: the broker had it, so
            // record QUEUED first and keep every task's history in order.
            if (TaskStatus.PENDING.name().equals(current.get(0))) {
                transition(id, TaskStatus.QUEUED, null, now, "status = 'PENDING'");
            }
            boolean changed = transition(id, TaskStatus.PROCESSING, AnalysisStatus.INITIATED, now,
                    "status IN ('QUEUED', 'RETRYING') AND attempts = " + attempt);
            if (changed) {
                jdbc.update("""
                        UPDATE tasks SET attempts = attempts + 1, lease_until = ?, next_attempt_at = NULL WHERE id = ?
                        """, ts(now.plus(lease)), id.value());
            }
            return changed;
        });
        return Boolean.TRUE.equals(taken);
    }

    /** The task's analysis reached a new step; renews the worker's lease. */
    public boolean progress(TaskId id, AnalysisStatus step, Instant now, Duration lease) {
        return tx.execute(status -> {
            boolean changed = transition(id, TaskStatus.PROCESSING, step, now, "status = 'PROCESSING'");
            if (changed) {
                jdbc.update("UPDATE tasks SET lease_until = ? WHERE id = ?", ts(now.plus(lease)), id.value());
            }
            return changed;
        });
    }

    /** Extends the leases of tasks this worker is running; tasks that moved on are left alone. */
    public int renewLeases(java.util.Collection<TaskId> ids, Instant until) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.update("UPDATE tasks SET lease_until = ? WHERE id = ANY (?) AND status = 'PROCESSING'",
                ts(until), ids.stream().map(TaskId::value).toArray(UUID[]::new));
    }

    public void linkFiling(TaskId id, FilingId filing) {
        jdbc.update("UPDATE tasks SET filing_id = ? WHERE id = ?", filing.value(), id.value());
    }

    /** PROCESSING to COMPLETED with the analysis the caller can fetch; clears the last transient error. */
    public boolean complete(TaskId id, AnalysisId analysis, Instant now) {
        return tx.execute(status -> {
            jdbc.update("""
                    UPDATE tasks SET analysis_id = ?, error_code = NULL, error_message = NULL, lease_until = NULL
                    WHERE id = ? AND status = 'PROCESSING'
                    """, analysis.value(), id.value());
            return transition(id, TaskStatus.COMPLETED, AnalysisStatus.COMPLETED, now, "status = 'PROCESSING'");
        });
    }

    /** PROCESSING to RETRYING: the run failed transiently and the task runs again at {@code nextAttemptAt}. */
    public boolean retryLater(TaskId id, String errorCode, String message, Instant nextAttemptAt, Instant now) {
        Boolean changed = tx.execute(status -> {
            List<String> analysisStatus = jdbc.queryForList("""
                    UPDATE tasks SET status = 'RETRYING', error_code = ?, error_message = ?, next_attempt_at = ?,
                                     lease_until = NULL, updated_at = ?
                    WHERE id = ? AND status = 'PROCESSING'
                    RETURNING analysis_status
                    """, String.class, errorCode, truncate(message), ts(nextAttemptAt), ts(now), id.value());
            if (analysisStatus.isEmpty()) {
                return false;
            }
            String step = analysisStatus.get(0);
            recordTransition(id, TaskStatus.RETRYING, step == null ? null : AnalysisStatus.valueOf(step),
                    errorCode + ": " + message + " (next attempt at " + nextAttemptAt + ")", now);
            return true;
        });
        return Boolean.TRUE.equals(changed);
    }

    /** How many runs the task has started. */
    public int attempts(TaskId id) {
        return jdbc.queryForObject("SELECT attempts FROM tasks WHERE id = ?", Integer.class, id.value());
    }

    /**
     * Claims RETRYING tasks whose next attempt is due, for publishing: each claimed task's next attempt
     * moves to {@code reclaimAfter}, so a publish that is lost is tried again then, and several sweepers
     * never claim the same task.
     */
    public List<TaskMessage> claimDueRetries(Instant now, Instant reclaimAfter, int limit) {
        return jdbc.query("""
                UPDATE tasks SET next_attempt_at = ?
                WHERE id IN (SELECT id FROM tasks WHERE status = 'RETRYING' AND next_attempt_at <= ?
                             ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING %s
                """.formatted(MESSAGE_COLUMNS), TaskRepository::mapMessage, ts(reclaimAfter), ts(now), limit);
    }

    /**
     * PROCESSING tasks whose lease ran out (their worker died or hung) go back to RETRYING, due now. Returns
     * their ids; the caller fails those that have no attempts left.
     */
    public List<TaskId> releaseExpiredLeases(Instant now) {
        return tx.execute(status -> {
            List<TaskId> expired = jdbc.query("""
                    UPDATE tasks SET status = 'RETRYING', next_attempt_at = ?, lease_until = NULL, updated_at = ?,
                                     error_code = 'INTERNAL_ERROR', error_message = 'the worker running the task was lost'
                    WHERE id IN (SELECT id FROM tasks WHERE status = 'PROCESSING' AND lease_until < ?
                                 FOR UPDATE SKIP LOCKED)
                    RETURNING id
                    """, (rs, n) -> new TaskId(rs.getObject(1, UUID.class)), ts(now), ts(now), ts(now));
            for (TaskId id : expired) {
                recordTransition(id, TaskStatus.RETRYING, null, "INTERNAL_ERROR: the worker's lease expired", now);
            }
            return expired;
        });
    }

    /** Ends an open task FAILED with a typed error code and frees its dedup key so the caller can ask again. */
    public boolean fail(TaskId id, String errorCode, String message, Instant now) {
        Boolean changed = tx.execute(status -> {
            int rows = jdbc.update("""
                    UPDATE tasks SET status = 'FAILED', analysis_status = 'ERROR', error_code = ?, error_message = ?,
                                     updated_at = ?
                    WHERE id = ? AND status IN %s
                    """.formatted(OPEN_STATUSES), errorCode, truncate(message), ts(now), id.value());
            if (rows == 0) {
                return false;
            }
            recordTransition(id, TaskStatus.FAILED, AnalysisStatus.ERROR, errorCode + ": " + message, now);
            jdbc.update("DELETE FROM task_dedup WHERE task_id = ?", id.value());
            return true;
        });
        return Boolean.TRUE.equals(changed);
    }

    /**
     * Tasks whose message may not be on the queue: PENDING ones older than {@code pendingBefore} (the
     * intake died between commit and publish, or the publish failed unnoticed), and, when
     * {@code includeQueued}, QUEUED ones too (an in-memory broker lost them with the process).
     */
    public List<TaskMessage> stranded(Instant pendingBefore, boolean includeQueued, int limit) {
        return jdbc.query("""
                SELECT %s
                FROM tasks
                WHERE (status = 'PENDING' AND created_at < ?) OR (? AND status = 'QUEUED')
                ORDER BY created_at
                LIMIT ?
                """.formatted(MESSAGE_COLUMNS), TaskRepository::mapMessage, ts(pendingBefore), includeQueued, limit);
    }

    private static final String MESSAGE_COLUMNS = """
            id, email, ticker, cik, form_type, accession_number, request_schema_version, dedup_key, created_at, attempts""";

    /** The message for the task's next run: attempt = the runs it has started so far. */
    private static TaskMessage mapMessage(ResultSet rs, int row) throws SQLException {
        long cik = rs.getLong("cik");
        boolean hasCik = !rs.wasNull();
        String ticker = rs.getString("ticker");
        String accession = rs.getString("accession_number");
        return new TaskMessage(TaskMessage.CURRENT_SCHEMA_VERSION, new TaskId(rs.getObject("id", UUID.class)),
                new Email(rs.getString("email")), ticker == null ? null : Ticker.of(ticker),
                hasCik ? new Cik(cik) : null, FormType.fromEdgarName(rs.getString("form_type")),
                accession == null ? null : AccessionNumber.of(accession),
                rs.getInt("request_schema_version"), rs.getString("dedup_key").strip(),
                rs.getTimestamp("created_at").toInstant(), rs.getInt("attempts"));
    }

    public Optional<TaskRecord> find(TaskId id) {
        return jdbc.query("""
                SELECT t.id, t.status, t.analysis_status, t.email, t.ticker, t.cik, t.form_type, t.accession_number,
                       t.request_schema_version, t.analysis_id, t.error_code, t.error_message, t.created_at,
                       t.updated_at, f.cik AS f_cik, f.accession_number AS f_accession, f.form_type AS f_form,
                       f.filing_date AS f_date
                FROM tasks t LEFT JOIN filings f ON f.id = t.filing_id
                WHERE t.id = ?
                """, TaskRepository::mapTask, id.value()).stream().findFirst();
    }

    private boolean transition(TaskId id, TaskStatus to, AnalysisStatus analysisStatus, Instant now, String guard) {
        Integer rows = jdbc.queryForObject("""
                WITH changed AS (
                    UPDATE tasks SET status = ?, analysis_status = COALESCE(?, analysis_status), updated_at = ?
                    WHERE id = ? AND %s
                    RETURNING id, status, analysis_status)
                , logged AS (
                    INSERT INTO task_transitions (task_id, status, analysis_status, at)
                    SELECT id, status, analysis_status, ? FROM changed RETURNING 1)
                SELECT count(*)::int FROM logged
                """.formatted(guard), Integer.class,
                to.name(), analysisStatus == null ? null : analysisStatus.name(), ts(now), id.value(), ts(now));
        return rows != null && rows > 0;
    }

    private void recordTransition(TaskId id, TaskStatus status, AnalysisStatus analysisStatus, String detail,
                                  Instant at) {
        jdbc.update("INSERT INTO task_transitions (task_id, status, analysis_status, detail, at) VALUES (?, ?, ?, ?, ?)",
                id.value(), status.name(), analysisStatus == null ? null : analysisStatus.name(), truncate(detail),
                ts(at));
    }

    private static TaskRecord mapTask(ResultSet rs, int row) throws SQLException {
        String ticker = rs.getString("ticker");
        long cik = rs.getLong("cik");
        boolean hasCik = !rs.wasNull();
        String accession = rs.getString("accession_number");
        String analysisStatus = rs.getString("analysis_status");
        UUID analysisId = rs.getObject("analysis_id", UUID.class);
        TaskRecord.Filing filing = null;
        String filingAccession = rs.getString("f_accession");
        if (filingAccession != null) {
            java.sql.Date date = rs.getDate("f_date");
            filing = new TaskRecord.Filing(new Cik(rs.getLong("f_cik")), AccessionNumber.of(filingAccession),
                    FormType.fromEdgarName(rs.getString("f_form")), date == null ? null : date.toLocalDate());
        }
        return new TaskRecord(
                new TaskId(rs.getObject("id", UUID.class)),
                TaskStatus.valueOf(rs.getString("status")),
                analysisStatus == null ? null : AnalysisStatus.valueOf(analysisStatus),
                new Email(rs.getString("email")),
                ticker == null ? null : Ticker.of(ticker),
                hasCik ? new Cik(cik) : null,
                FormType.fromEdgarName(rs.getString("form_type")),
                accession == null ? null : AccessionNumber.of(accession),
                rs.getInt("request_schema_version"),
                filing,
                analysisId == null ? null : new AnalysisId(analysisId),
                rs.getString("error_code"),
                rs.getString("error_message"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }
}
