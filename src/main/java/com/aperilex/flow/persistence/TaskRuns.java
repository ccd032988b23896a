package com.aperilex.flow.persistence;

import static com.aperilex.flow.persistence.TaskRows.truncate;
import static com.aperilex.flow.persistence.TaskRows.ts;

import com.aperilex.flow.persistence.Reservations;
import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.AnalysisStatus;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The worker's side of the tasks: taking a run, its steps and lease, and how the run ends. */
@Repository
public class TaskRuns {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TaskTransitions transitions;
    private final Reservations reservations;

    public TaskRuns(JdbcTemplate jdbc, TransactionTemplate tx, TaskTransitions transitions,
                    Reservations reservations) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.transitions = transitions;
        this.reservations = reservations;
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
                transitions.markQueued(id, now);
            }
            boolean changed = transitions.transition(id, TaskStatus.PROCESSING, AnalysisStatus.INITIATED, now,
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
            boolean changed = transitions.transition(id, TaskStatus.PROCESSING, step, now, "status = 'PROCESSING'");
            if (changed) {
                jdbc.update("UPDATE tasks SET lease_until = ? WHERE id = ?", ts(now.plus(lease)), id.value());
            }
            return changed;
        });
    }

    /** Extends the leases of tasks this worker is running; tasks that moved on are left alone. */
    public int renewLeases(Collection<TaskId> ids, Instant until) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.update("UPDATE tasks SET lease_until = ? WHERE id = ANY (?) AND status = 'PROCESSING'",
                ts(until), ids.stream().map(TaskId::value).toArray(UUID[]::new));
    }

    public void linkFiling(TaskId id, FilingId filing) {
        jdbc.update("UPDATE tasks SET filing_id = ? WHERE id = ?", filing.value(), id.value());
    }

    /**
     * PROCESSING to COMPLETED with the analysis the caller can fetch; clears the last transient error. The task's
     * fees are settled in the same transaction (its reservation released, the fees due captured), once.
     */
    public boolean complete(TaskId id, AnalysisId analysis, Instant now) {
        return tx.execute(status -> {
            jdbc.update("""
                    UPDATE tasks SET analysis_id = ?, error_code = NULL, error_message = NULL, lease_until = NULL
                    WHERE id = ? AND status = 'PROCESSING'
                    """, analysis.value(), id.value());
            boolean completed = transitions.transition(id, TaskStatus.COMPLETED, AnalysisStatus.COMPLETED, now,
                    "status = 'PROCESSING'");
            if (completed) {
                reservations.settleCompleted(id, now);
            }
            return completed;
        });
    }

    /** PROCESSING to RETRYING: the run failed transiently and the task runs again at {@code nextAttemptAt}. */
    public boolean retryLater(TaskId id, ErrorCode code, String message, Instant nextAttemptAt, Instant now) {
        return retrying(id, code, message, nextAttemptAt, now, false);
    }

    /**
     * PROCESSING to RETRYING behind the retry of the task's filing: the run met no failure of its own (it found
     * the filing's failure recorded, its next attempt not yet due), so it is counted as a wait, not against the
     * task's own attempts.
     */
    public boolean waitBehindFiling(TaskId id, ErrorCode code, String message, Instant nextAttemptAt, Instant now) {
        return retrying(id, code, message, nextAttemptAt, now, true);
    }

    /**
     * PROCESSING to RETRYING until the day's LLM budget starts again: no attempt was made (no model call started),
     * so, like a wait behind the filing, the run is not counted against the task's own attempts.
     */
    public boolean waitForBudget(TaskId id, ErrorCode code, String message, Instant nextAttemptAt, Instant now) {
        return retrying(id, code, message, nextAttemptAt, now, true);
    }

    private boolean retrying(TaskId id, ErrorCode code, String message, Instant nextAttemptAt, Instant now,
                             boolean wait) {
        Boolean changed = tx.execute(status -> {
            List<String> analysisStatus = jdbc.queryForList("""
                    UPDATE tasks SET status = 'RETRYING', error_code = ?, error_message = ?, next_attempt_at = ?,
                                     lease_until = NULL, updated_at = ?, filing_waits = filing_waits + ?
                    WHERE id = ? AND status = 'PROCESSING'
                    RETURNING analysis_status
                    """, String.class, code.name(), truncate(message), ts(nextAttemptAt), ts(now), wait ? 1 : 0,
                    id.value());
            if (analysisStatus.isEmpty()) {
                return false;
            }
            String step = analysisStatus.get(0);
            transitions.record(id, TaskStatus.RETRYING, step == null ? null : AnalysisStatus.valueOf(step),
                    code + ": " + message + " (next attempt at " + nextAttemptAt + ")", now);
            return true;
        });
        return Boolean.TRUE.equals(changed);
    }

    /**
     * How many of the task's runs count against its own retry budget: the runs it has started, less those that
     * only waited behind its filing's retry.
     */
    public int attempts(TaskId id) {
        return jdbc.queryForObject("SELECT attempts - filing_waits FROM tasks WHERE id = ?", Integer.class,
                id.value());
    }
}
