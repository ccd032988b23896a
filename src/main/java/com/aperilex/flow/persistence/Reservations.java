package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.InsufficientCreditsException;

import com.aperilex.flow.domain.TransactionType;

import com.aperilex.flow.domain.TierPolicy;
import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.domain.UserTier;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * A task's fees ({@code credit_reservations}): reserved at intake, settled exactly once when the task ends. Every
 * method runs inside the caller's transaction (the task's admission or its status change), so a crash leaves
 * both done or neither; settling is a conditional UPDATE of the OPEN reservation, so it happens once however
 * often a task's end is retried.
 */
@Repository
public class Reservations {
    private final JdbcTemplate jdbc;
    private final Ledger ledger;
    private final AperilexProperties properties;

    public Reservations(JdbcTemplate jdbc, Ledger ledger, AperilexProperties properties) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.properties = properties;
    }

    /**
     * Reserves the fees a new task can incur: a RESERVATION row of their sum and an OPEN reservation. Nothing
     * when both are zero.
     *
     * @throws InsufficientCreditsException when the balance does not cover the sum (nothing written: the caller's
     *                                      transaction must roll back the task)
     */
    public void reserve(TaskId task, UserId user, BigDecimal accessFee, BigDecimal analysisFee) {
        BigDecimal total = accessFee.add(analysisFee);
        if (total.signum() == 0) {
            return;
        }
        if (ledger.post(user, TransactionType.RESERVATION, total.negate(), null, task,
                "fees reserved for task " + task, null).isEmpty()) {
            throw new InsufficientCreditsException(ledger.balance(user).orElse(BigDecimal.ZERO), total);
        }
        jdbc.update("""
                INSERT INTO credit_reservations (task_id, user_id, access_fee_usd, analysis_fee_usd, status)
                VALUES (?, ?, ?, ?, 'OPEN')
                """, task.value(), user.value(), accessFee, analysisFee);
    }

    /**
     * Reserves a bulk import task's fee (the tier's bulk price for one filing): a RESERVATION row and an OPEN
     * reservation holding it as its bulk fee. Nothing when the fee is zero.
     *
     * @return false when the balance does not cover it (nothing written)
     */
    public boolean reserveBulk(TaskId task, UserId user, BigDecimal fee) {
        if (fee.signum() == 0) {
            return true;
        }
        if (ledger.post(user, TransactionType.RESERVATION, fee.negate(), null, task,
                "bulk import fee reserved for task " + task, null).isEmpty()) {
            return false;
        }
        jdbc.update("""
                INSERT INTO credit_reservations (task_id, user_id, access_fee_usd, analysis_fee_usd, bulk_fee_usd, status)
                VALUES (?, ?, 0, 0, ?, 'OPEN')
                """, task.value(), user.value(), fee);
        return true;
    }

    /**
     * The task COMPLETED: its reservation (if any) is SETTLED and RELEASEd, then the fees due are captured:
     * FILING_ACCESS if this is the owner's first access to the task's filing (recorded in user_filing_access even
     * when the fee is zero), ANALYSIS if this task's run made the analysis. A fee captured never exceeds what was
     * reserved for it (nor the owner's tier's fee now). A bulk import's task captures its reserved bulk fee as
     * BULK_IMPORT only when its run made the analysis (the filing was new to the pool).
     */
    public void settleCompleted(TaskId task, Instant now) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT t.user_id, t.filing_id, u.tier, (a.made_by_task_id = t.id) AS made_it
                FROM tasks t JOIN users u ON u.id = t.user_id LEFT JOIN analyses a ON a.id = t.analysis_id
                WHERE t.id = ?
                """, task.value());
        if (rows.isEmpty()) {
            return; // a task without an owner row: nothing to charge
        }
        Map<String, Object> row = rows.get(0);
        UserId user = new UserId((UUID) row.get("user_id"));
        UUID filing = (UUID) row.get("filing_id");
        TierPolicy policy = properties.tiers().policy(UserTier.valueOf(((String) row.get("tier")).strip()));
        boolean madeIt = Boolean.TRUE.equals(row.get("made_it"));

        BigDecimal reservedAccess = BigDecimal.ZERO;
        BigDecimal reservedAnalysis = BigDecimal.ZERO;
        BigDecimal reservedBulk = BigDecimal.ZERO;
        List<Map<String, Object>> settled = closeReservation(task, "SETTLED", now);
        if (!settled.isEmpty()) {
            reservedAccess = (BigDecimal) settled.get(0).get("access_fee_usd");
            reservedAnalysis = (BigDecimal) settled.get(0).get("analysis_fee_usd");
            reservedBulk = (BigDecimal) settled.get(0).get("bulk_fee_usd");
            post(user, TransactionType.RELEASE, reservedAccess.add(reservedAnalysis).add(reservedBulk), null, task,
                    "reservation of task " + task + " released: the task completed");
        }
        if (madeIt && reservedBulk.signum() > 0) {
            post(user, TransactionType.BULK_IMPORT, reservedBulk.negate(), filing == null ? null : new FilingId(filing),
                    task, "bulk import fee: this task's run analysed a filing new to the pool");
        }
        if (filing != null) {
            int firstAccess = jdbc.update("""
                    INSERT INTO user_filing_access (user_id, filing_id, task_id) VALUES (?, ?, ?)
                    ON CONFLICT (user_id, filing_id) DO NOTHING
                    """, user.value(), filing, task.value());
            BigDecimal accessFee = reservedAccess.min(policy.filingAccessFeeUsd());
            if (firstAccess == 1 && accessFee.signum() > 0) {
                post(user, TransactionType.FILING_ACCESS, accessFee.negate(), new FilingId(filing), task,
                        "filing access fee");
            }
        }
        BigDecimal analysisFee = reservedAnalysis.min(policy.analysisFeeUsd());
        if (madeIt && analysisFee.signum() > 0) {
            post(user, TransactionType.ANALYSIS, analysisFee.negate(), filing == null ? null : new FilingId(filing),
                    task, "analysis fee: this task's run made the analysis");
        }
    }

    /** The task ended FAILED or CANCELLED: its reservation (if any) is RELEASED with a RELEASE row. */
    public void release(TaskId task, String why, Instant now) {
        List<Map<String, Object>> released = closeReservation(task, "RELEASED", now);
        if (released.isEmpty()) {
            return;
        }
        Map<String, Object> r = released.get(0);
        post(new UserId((UUID) r.get("user_id")), TransactionType.RELEASE,
                ((BigDecimal) r.get("access_fee_usd")).add((BigDecimal) r.get("analysis_fee_usd"))
                        .add((BigDecimal) r.get("bulk_fee_usd")), null, task,
                "reservation of task " + task + " released: " + why);
    }

    private List<Map<String, Object>> closeReservation(TaskId task, String status, Instant now) {
        return jdbc.queryForList("""
                UPDATE credit_reservations SET status = ?, settled_at = ?
                WHERE task_id = ? AND status = 'OPEN'
                RETURNING user_id, access_fee_usd, analysis_fee_usd, bulk_fee_usd
                """, status, Timestamp.from(now), task.value());
    }

    private void post(UserId user, TransactionType type, BigDecimal amount, FilingId filing, TaskId task,
                      String description) {
        if (amount.signum() == 0) {
            return;
        }
        ledger.post(user, type, amount, filing, task, description, null).orElseThrow(() -> new IllegalStateException(
                type + " of " + amount + " for task " + task + " would take the balance below zero"));
    }
}
