package com.aperilex.flow.persistence;

import static com.aperilex.flow.persistence.TaskRows.OPEN_STATUSES;
import static com.aperilex.flow.persistence.TaskRows.truncate;
import static com.aperilex.flow.persistence.TaskRows.ts;

import com.aperilex.flow.persistence.Reservations;
import com.aperilex.flow.domain.AnalysisStatus;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.observability.ServiceMetrics;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.TaskStatus;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one place a task's status changes: every change is guarded (it happens only from the states it may
 * come from) and logged in {@code task_transitions}, whose trigger notifies the event streams. The task
 * repositories of intake, the worker and the sweeps move tasks through it; {@link #markQueued} and
 * {@link #fail} are the changes all of them share.
 */
@Repository
public class TaskTransitions {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Reservations reservations;
    private final ServiceMetrics metrics;

    public TaskTransitions(JdbcTemplate jdbc, TransactionTemplate tx, Reservations reservations,
                           ServiceMetrics metrics) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.reservations = reservations;
        this.metrics = metrics;
    }

    /** PENDING to QUEUED once the broker has the message; never moves a task that a worker already took. */
    public boolean markQueued(TaskId id, Instant now) {
        return transition(id, TaskStatus.QUEUED, null, now, "status = 'PENDING'");
    }

    /**
     * Ends an open task FAILED with a typed error code, releases its reservation (in the same transaction) and
     * frees its dedup key so the caller can ask again.
     */
    public boolean fail(TaskId id, ErrorCode code, String message, Instant now) {
        Boolean changed = tx.execute(status -> {
            int rows = jdbc.update("""
                    UPDATE tasks SET status = 'FAILED', analysis_status = 'ERROR', error_code = ?, error_message = ?,
                                     updated_at = ?
                    WHERE id = ? AND status IN %s
                    """.formatted(OPEN_STATUSES), code.name(), truncate(message), ts(now), id.value());
            if (rows == 0) {
                return false;
            }
            record(id, TaskStatus.FAILED, AnalysisStatus.ERROR, code + ": " + message, now);
            // Before the dedup row: the owner's row is locked here as admission locks it, owner then dedup key.
            reservations.release(id, "the task failed (" + code + ")", now);
            jdbc.update("DELETE FROM task_dedup WHERE task_id = ?", id.value());
            return true;
        });
        if (Boolean.TRUE.equals(changed)) {
            metrics.failed(code);
        }
        return Boolean.TRUE.equals(changed);
    }

    /**
     * Moves the task to {@code to} (and the analysis to {@code analysisStatus} when given) if the row matches
     * {@code guard}, logging the transition in the same statement. False when the guard did not match.
     */
    boolean transition(TaskId id, TaskStatus to, AnalysisStatus analysisStatus, Instant now, String guard) {
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

    /** Logs a change the caller has already made to the row, with a detail such as the error. */
    void record(TaskId id, TaskStatus status, AnalysisStatus analysisStatus, String detail, Instant at) {
        jdbc.update("INSERT INTO task_transitions (task_id, status, analysis_status, detail, at) VALUES (?, ?, ?, ?, ?)",
                id.value(), status.name(), analysisStatus == null ? null : analysisStatus.name(), truncate(detail),
                ts(at));
    }
}
