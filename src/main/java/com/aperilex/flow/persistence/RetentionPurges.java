package com.aperilex.flow.persistence;

import com.aperilex.flow.config.AperilexProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The retention purges ({@code aperilex.retention.*}), in batches so no purge holds many locks or a long
 * transaction: finished tasks (with their transitions, dedup entries and settled reservations; the ledger keeps its
 * rows) and audit rows. Any replica may run them at once: each batch takes rows no other batch holds (SKIP LOCKED),
 * and a row already gone is simply not found.
 */
@Repository("retentionPurges")
public class RetentionPurges {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AperilexProperties.Retention retention;
    private final Clock clock;

    public RetentionPurges(JdbcTemplate jdbc, TransactionTemplate tx, AperilexProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.retention = properties.retention();
        this.clock = clock;
    }

    /** Deletes the tasks finished longer than aperilex.retention.tasks ago; the number deleted. */
    public int purgeTasks() {
        Instant cutoff = clock.instant().minus(retention.tasks());
        return batches(() -> tasksFinishedBefore(cutoff, retention.batchSize()));
    }

    /** Deletes the audit rows written longer than aperilex.retention.audit ago; the number deleted. */
    public int purgeAudit() {
        Instant cutoff = clock.instant().minus(retention.audit());
        return batches(() -> auditRowsBefore(cutoff, retention.batchSize()));
    }

    private int batches(java.util.function.IntSupplier batch) {
        int total = 0;
        for (int i = 0; i < retention.maxBatches(); i++) {
            int deleted = batch.getAsInt();
            total += deleted;
            if (deleted < retention.batchSize()) {
                break;
            }
        }
        return total;
    }

    /**
     * Deletes at most {@code batch} tasks that finished (COMPLETED, FAILED, CANCELLED) before {@code cutoff} and hold
     * no open reservation; the number deleted.
     */
    int tasksFinishedBefore(Instant cutoff, int batch) {
        Integer deleted = tx.execute(status -> jdbc.update("""
                DELETE FROM tasks WHERE id IN (
                    SELECT t.id FROM tasks t
                    WHERE t.status IN ('COMPLETED', 'FAILED', 'CANCELLED') AND t.updated_at < ?
                      AND NOT EXISTS (SELECT 1 FROM credit_reservations r WHERE r.task_id = t.id AND r.status = 'OPEN')
                    ORDER BY t.updated_at LIMIT ? FOR UPDATE SKIP LOCKED)
                """, Timestamp.from(cutoff), batch));
        return deleted == null ? 0 : deleted;
    }

    /**
     * Deletes at most {@code batch} audit rows written before {@code cutoff}; the number deleted. The table's guard
     * allows it only in a transaction that declares the purge, and never for rows younger than 30 days.
     */
    int auditRowsBefore(Instant cutoff, int batch) {
        Integer deleted = tx.execute(status -> {
            jdbc.queryForObject("SELECT set_config('aperilex.purge', 'audit', true)", String.class);
            return jdbc.update("""
                    DELETE FROM audit_log WHERE id IN (
                        SELECT id FROM audit_log WHERE created_at < ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
                    """, Timestamp.from(cutoff), batch);
        });
        return deleted == null ? 0 : deleted;
    }
}
