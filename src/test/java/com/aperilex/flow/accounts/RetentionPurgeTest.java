package com.aperilex.flow.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.ServiceTestSupport;
import com.aperilex.flow.persistence.RetentionPurges;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The retention purges on the dev database: finished tasks past aperilex.retention.tasks (400 days) go with their
 * transitions and settled reservations while their ledger rows stay; open, young and reserved tasks stay; audit rows
 * past aperilex.retention.audit (7 years) go through the table's declared purge, younger ones stay.
 */
class RetentionPurgeTest extends ServiceTestSupport {
    @Autowired
    RetentionPurges purges;

    private UUID task(String status, Duration age, UUID user) {
        UUID id = UUID.randomUUID();
        Timestamp at = Timestamp.from(Instant.now().minus(age));
        jdbc.update("""
                INSERT INTO tasks (id, schema_version, email, ticker, form_type, request_schema_version, dedup_key, status,
                                   created_at, updated_at, user_id)
                VALUES (?, 1, 'retained@example.com', 'RTNX', '10-K', 1, ?, ?, ?, ?, ?)
                """, id, (id.toString().replace("-", "") + id.toString().replace("-", "")).substring(0, 64), status, at, at,
                user);
        jdbc.update("INSERT INTO task_transitions (task_id, status, at) VALUES (?, 'QUEUED', ?)", id, at);
        jdbc.update("INSERT INTO task_transitions (task_id, status, at) VALUES (?, ?, ?)", id, status, at);
        return id;
    }

    private boolean exists(UUID task) {
        return jdbc.queryForObject("SELECT count(*) FROM tasks WHERE id = ?", Integer.class, task) == 1;
    }

    @Test
    void finishedTasksPastTheirAgeGoAndTheLedgerKeepsItsRows() {
        UUID user = UUID.randomUUID();
        jdbc.update("INSERT INTO users (id, subject, tier, balance_usd) VALUES (?, ?, 'BASIC', 0.5)", user, "retention-" + user);
        UUID old = task("COMPLETED", Duration.ofDays(500), user);
        UUID oldFailed = task("FAILED", Duration.ofDays(401), user);
        jdbc.update("""
                INSERT INTO usage_transactions (user_id, type, task_id, amount_usd, balance_after_usd, description)
                VALUES (?, 'REFUND', ?, 0.5, 0.5, 'retention test')
                """, user, old);
        jdbc.update("""
                INSERT INTO credit_reservations (task_id, user_id, access_fee_usd, analysis_fee_usd, status, settled_at)
                VALUES (?, ?, 0, 0, 'SETTLED', now())
                """, old, user);
        UUID young = task("COMPLETED", Duration.ofDays(399), user);
        UUID oldQueued = task("QUEUED", Duration.ofDays(500), user);
        UUID oldReserved = task("CANCELLED", Duration.ofDays(500), user);
        jdbc.update("""
                INSERT INTO credit_reservations (task_id, user_id, access_fee_usd, analysis_fee_usd)
                VALUES (?, ?, 0.1, 0.4)
                """, oldReserved, user);

        int deleted = purges.purgeTasks();

        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(exists(old)).isFalse();
        assertThat(exists(oldFailed)).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM task_transitions WHERE task_id IN (?, ?)", Integer.class,
                old, oldFailed)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM credit_reservations WHERE task_id = ?", Integer.class, old))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT task_id FROM usage_transactions WHERE user_id = ?", UUID.class, user))
                .as("the ledger row keeps naming the purged task").isEqualTo(old);
        assertThat(exists(young)).isTrue();
        assertThat(exists(oldQueued)).as("an unfinished task is never purged").isTrue();
        assertThat(exists(oldReserved)).as("a task with an open reservation waits for its settlement").isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM task_transitions WHERE task_id = ?", Integer.class, young))
                .isEqualTo(2);
        assertThat(purges.purgeTasks()).as("a second run finds nothing of these").isZero();
    }

    @Test
    void auditRowsPastSevenYearsGoThroughTheDeclaredPurge() {
        String resource = "user:" + UUID.randomUUID();
        jdbc.update("INSERT INTO audit_log (action, resource, created_at) VALUES ('USER_ACCOUNT_READ', ?, now() - interval '2558 days')",
                resource);
        jdbc.update("INSERT INTO audit_log (action, resource, created_at) VALUES ('USER_TIER_CHANGED', ?, now() - interval '2000 days')",
                resource);
        jdbc.update("INSERT INTO audit_log (action, resource) VALUES ('CREDITS_GRANTED', ?)", resource);

        assertThat(purges.purgeAudit()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.queryForList("SELECT action FROM audit_log WHERE resource = ? ORDER BY id", String.class, resource))
                .containsExactly("USER_TIER_CHANGED", "CREDITS_GRANTED");
    }
}
