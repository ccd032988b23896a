package com.aperilex.flow.persistence;

import static com.aperilex.flow.persistence.TaskRows.MESSAGE_COLUMNS;
import static com.aperilex.flow.persistence.TaskRows.ts;

import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.TaskStatus;
import com.aperilex.flow.message.TaskMessage;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The maintenance sweeps' side of the tasks: what to publish again, which retries are due, whose worker was lost. */
@Repository
public class TaskSweeps {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TaskTransitions transitions;

    public TaskSweeps(JdbcTemplate jdbc, TransactionTemplate tx, TaskTransitions transitions) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.transitions = transitions;
    }

    /**
     * Claims RETRYING tasks whose next attempt is due, for publishing: each claimed task's next attempt
     * moves to {@code reclaimAfter}, so a publish that is lost is tried again then, and several sweepers
     * never claim the same task.
     */
    public List<Republish> claimDueRetries(Instant now, Instant reclaimAfter, int limit) {
        return jdbc.query("""
                UPDATE tasks SET next_attempt_at = ?
                WHERE id IN (SELECT id FROM tasks WHERE status = 'RETRYING' AND next_attempt_at <= ?
                             ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING %s, trace_parent
                """.formatted(MESSAGE_COLUMNS), TaskRows::republish, ts(reclaimAfter), ts(now), limit);
    }

    /**
     * PROCESSING tasks whose lease ran out (their worker died or hung) go back to RETRYING, due now. Returns
     * them with the runs each has started that count against its budget (not those that only waited behind
     * the filing's retry); the caller fails those that have no attempts left.
     */
    public List<LostTask> releaseExpiredLeases(Instant now) {
        return tx.execute(status -> {
            List<LostTask> expired = jdbc.query("""
                    UPDATE tasks SET status = 'RETRYING', next_attempt_at = ?, lease_until = NULL, updated_at = ?,
                                     error_code = ?, error_message = 'the worker running the task was lost'
                    WHERE id IN (SELECT id FROM tasks WHERE status = 'PROCESSING' AND lease_until < ?
                                 FOR UPDATE SKIP LOCKED)
                    RETURNING id, attempts - filing_waits AS attempts
                    """, (rs, n) -> new LostTask(TaskRows.taskId(rs), rs.getInt("attempts")),
                    ts(now), ts(now), ErrorCode.INTERNAL_ERROR.name(), ts(now));
            for (LostTask lost : expired) {
                transitions.record(lost.taskId(), TaskStatus.RETRYING, null,
                        ErrorCode.INTERNAL_ERROR + ": the worker's lease expired", now);
            }
            return expired;
        });
    }

    /** A task whose worker was lost, with the runs it has started that count against its budget. */
    public record LostTask(TaskId taskId, int attempts) {
    }

    /**
     * Tasks whose message may not be on the queue: PENDING ones older than {@code pendingBefore} (the
     * intake died between commit and publish, or the publish failed unnoticed), and, when
     * {@code includeQueued}, QUEUED ones too (an in-memory broker lost them with the process).
     */
    public List<Republish> stranded(Instant pendingBefore, boolean includeQueued, int limit) {
        return jdbc.query("""
                SELECT %s, trace_parent
                FROM tasks
                WHERE (status = 'PENDING' AND created_at < ?) OR (? AND status = 'QUEUED')
                ORDER BY created_at
                LIMIT ?
                """.formatted(MESSAGE_COLUMNS), TaskRows::republish, ts(pendingBefore), includeQueued, limit);
    }

    /**
     * A run of a task to publish again, with the W3C traceparent of the span that made the task (null when
     * unknown): the publish continues that trace.
     */
    public record Republish(TaskMessage message, String traceParent) {
    }

    /** QUEUED tasks not taken by any worker since {@code queuedBefore}, oldest first. */
    public List<TaskId> queuedSince(Instant queuedBefore, int limit) {
        return jdbc.query("""
                SELECT id FROM tasks WHERE status = 'QUEUED' AND updated_at < ? ORDER BY updated_at LIMIT ?
                """, (rs, n) -> TaskRows.taskId(rs), ts(queuedBefore), limit);
    }
}
