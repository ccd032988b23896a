package com.aperilex.flow.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.ServiceTestSupport;
import com.aperilex.flow.queue.StrandedTaskRecovery;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A task whose message the broker dead-lettered stays QUEUED with nobody to take it: after
 * aperilex.queue.queued-expiry it is failed QUEUE_UNAVAILABLE, which releases its reservation and frees its place
 * under the open-task cap. An API-only replica, so nothing takes the task.
 */
@TestPropertySource(properties = {"aperilex.worker.enabled=false", "aperilex.accounts.default-tier=BASIC"})
class ExpiredQueuedTaskTest extends ServiceTestSupport {
    @Autowired
    StrandedTaskRecovery recovery;

    @Test
    void aTaskNoWorkerTookIsFailedAndItsReservationReleased() throws Exception {
        String email = uniqueEmail();
        Reply accepted = postJson("{\"email\": \"" + email + "\", \"cik\": \"4300001\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        UUID task = UUID.fromString(accepted.json().get("taskId").asText());
        UUID user = jdbc.queryForObject("SELECT user_id FROM tasks WHERE id = ?", UUID.class, task);
        assertThat(jdbc.queryForObject("SELECT balance_usd FROM users WHERE id = ?", BigDecimal.class, user))
                .isEqualByComparingTo("4.88");

        assertThat(recovery.expireQueued()).as("a fresh task is not expired").isZero();
        jdbc.update("UPDATE tasks SET updated_at = now() - interval '25 hours' WHERE id = ?", task);
        assertThat(recovery.expireQueued()).isEqualTo(1);

        assertThat(jdbc.queryForObject("SELECT status || ':' || error_code FROM tasks WHERE id = ?", String.class, task))
                .isEqualTo("FAILED:QUEUE_UNAVAILABLE");
        assertThat(jdbc.queryForObject("SELECT status FROM credit_reservations WHERE task_id = ?", String.class, task))
                .isEqualTo("RELEASED");
        assertThat(jdbc.queryForObject("SELECT balance_usd FROM users WHERE id = ?", BigDecimal.class, user))
                .isEqualByComparingTo("5");
        assertThat(jdbc.queryForObject("SELECT sum(amount_usd) FROM usage_transactions WHERE user_id = ?",
                BigDecimal.class, user)).isEqualByComparingTo("5");
        // The same request may be asked again: a new task.
        Reply again = postJson("{\"email\": \"" + email + "\", \"cik\": \"4300001\"}");
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().get("taskId").asText()).isNotEqualTo(task.toString());
    }
}
