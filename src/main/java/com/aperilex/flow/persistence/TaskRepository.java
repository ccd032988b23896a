package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.AnalysisStatus;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.TaskStatus;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.intake.SchemaVersions;
import com.aperilex.flow.queue.TaskMessage;
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

    /** A worker takes the task. False if it is already taken or finished, so a redelivery does no work twice. */
    public boolean markProcessing(TaskId id, Instant now) {
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
            return transition(id, TaskStatus.PROCESSING, null, now, "status IN ('QUEUED', 'RETRYING')");
        });
        return Boolean.TRUE.equals(taken);
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
                SELECT id, schema_version, email, ticker, cik, form_type, accession_number, request_schema_version,
                       dedup_key, created_at
                FROM tasks
                WHERE (status = 'PENDING' AND created_at < ?) OR (? AND status = 'QUEUED')
                ORDER BY created_at
                LIMIT ?
                """, (rs, n) -> {
                    long cik = rs.getLong("cik");
                    boolean hasCik = !rs.wasNull();
                    String ticker = rs.getString("ticker");
                    String accession = rs.getString("accession_number");
                    return new TaskMessage(rs.getInt("schema_version"), new TaskId(rs.getObject("id", UUID.class)),
                            new Email(rs.getString("email")), ticker == null ? null : Ticker.of(ticker),
                            hasCik ? new Cik(cik) : null, FormType.fromEdgarName(rs.getString("form_type")),
                            accession == null ? null : AccessionNumber.of(accession),
                            rs.getInt("request_schema_version"), rs.getString("dedup_key").strip(),
                            rs.getTimestamp("created_at").toInstant());
                }, ts(pendingBefore), includeQueued, limit);
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
