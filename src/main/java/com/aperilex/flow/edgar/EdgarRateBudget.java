package com.aperilex.flow.edgar;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.TaskFailure;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import com.aperilex.flow.observability.ServiceMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * SEC's request budget, one for every worker process: a row in PostgreSQL from which each EDGAR
 * request reserves the next free slot, spaced {@code 1 / max-requests-per-second} (plus a small guard)
 * apart. Reserving is one row update, serialised by the row lock; the caller then sleeps until its slot.
 * A 403 from SEC blocks the budget for everyone until the block-backoff has passed.
 */
@Component("edgarRateBudget")
public class EdgarRateBudget {
    static final String NAME = "sec-edgar";
    private static final Logger LOG = LoggerFactory.getLogger(EdgarRateBudget.class);
    private static final long LATE_TOLERANCE_NANOS = 25_000_000;

    private final JdbcTemplate jdbc;
    private final long spacingMicros;
    private final Duration blockBackoff;
    private final ServiceMetrics metrics;

    public EdgarRateBudget(JdbcTemplate jdbc, AperilexProperties properties, ServiceMetrics metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
        AperilexProperties.Edgar edgar = properties.edgar();
        this.spacingMicros = 1_000_000L / edgar.maxRequestsPerSecond() + edgar.spacingGuard().toNanos() / 1000;
        this.blockBackoff = edgar.blockBackoff();
    }

    /**
     * Waits for this process's turn to call EDGAR.
     *
     * @throws TaskFailure (transient, not before the block ends) while SEC has blocked us
     */
    public void acquire() {
        acquire(false);
    }

    /**
     * Waits for this process's turn to call EDGAR; a {@code bulk} request (an import's resolution, a bulk-lane task)
     * only takes a slot when no more than one slot is already reserved ahead of it, so an interactive request that
     * comes while bulk work saturates the budget waits behind at most about one bulk request, not all of them. With
     * bulk work alone the budget stays full: each waiting bulk thread asks again every half spacing.
     *
     * @throws TaskFailure (transient, not before the block ends) while SEC has blocked us
     */
    public void acquire(boolean bulk) {
        long asked = System.nanoTime();
        while (true) {
            Reservation reservation = jdbc.execute((ConnectionCallback<Reservation>) connection -> {
                try (PreparedStatement update = connection.prepareStatement("""
                        UPDATE rate_budgets
                        SET next_slot = GREATEST(next_slot, clock_timestamp()) + make_interval(secs => ? / 1e6)
                        WHERE name = ? AND blocked_until <= clock_timestamp()
                          AND (NOT ? OR next_slot <= clock_timestamp() + make_interval(secs => ? / 1e6))
                        RETURNING EXTRACT(EPOCH FROM (next_slot - make_interval(secs => ? / 1e6) - clock_timestamp())) * 1000
                        """)) {
                    update.setLong(1, spacingMicros);
                    update.setString(2, NAME);
                    update.setBoolean(3, bulk);
                    update.setLong(4, spacingMicros);
                    update.setLong(5, spacingMicros);
                    // Timed on a connection already held: waiting for the pool is not part of the uncertainty.
                    long sent = System.nanoTime();
                    try (ResultSet row = update.executeQuery()) {
                        Double waitMillis = row.next() ? row.getDouble(1) : null;
                        return new Reservation(sent, System.nanoTime(), waitMillis);
                    }
                }
            });
            if (reservation.waitMillis() == null) {
                // One read: blocked (its end, by the database's clock), or, when empty, a bulk request refused.
                List<Timestamp> block = jdbc.queryForList("""
                        SELECT blocked_until FROM rate_budgets WHERE name = ? AND blocked_until > clock_timestamp()
                        """, Timestamp.class, NAME);
                if (!block.isEmpty()) {
                    Instant until = block.get(0).toInstant();
                    throw TaskFailure.retryableAfter(ErrorCode.EDGAR_UNAVAILABLE,
                            "SEC EDGAR calls are paused after a fair-access block until " + until, until);
                }
                // A bulk request, with interactive ones queued ahead: ask again in half a spacing.
                sleepUntil(System.nanoTime() + spacingMicros * 500);
                continue;
            }
            // The database measured the wait at some moment between sending the update and reading its answer,
            // so the slot lies between sent + wait and answered + wait. Sleeping to the later bound is never
            // early; lateness counted from the earlier bound is never underestimated (a slow answer, from a
            // starved CPU or a contended row, counts as lateness instead of shifting the slot).
            long wait = (long) (Math.max(0, reservation.waitMillis()) * 1_000_000);
            sleepUntil(reservation.answered() + wait);
            // A thread that may be well past its slot (a GC pause, a starved CPU, a slow answer) would send
            // together with the threads whose slots come next; it gives its slot up and queues again instead.
            long late = System.nanoTime() - (reservation.sent() + wait);
            if (late <= LATE_TOLERANCE_NANOS) {
                metrics.edgarBudgetWait(Duration.ofNanos(System.nanoTime() - asked));
                return;
            }
            LOG.debug("Up to {} ms after its EDGAR slot; taking a new one", late / 1_000_000);
        }
    }

    /** One reservation: when the update left and its answer came (nanoTime), and the wait it gave (null: blocked). */
    private record Reservation(long sent, long answered, Double waitMillis) {
    }

    private static void sleepUntil(long nanoTime) {
        long remaining = nanoTime - System.nanoTime();
        if (remaining <= 0) {
            return;
        }
        try {
            Thread.sleep(remaining / 1_000_000, (int) (remaining % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TaskFailure.retryable(ErrorCode.EDGAR_UNAVAILABLE, "interrupted waiting for the EDGAR budget", e);
        }
    }

    /** SEC refused us (403): pause every worker's EDGAR calls for the block-backoff. Returns when the pause ends. */
    public Instant block(String reason) {
        Timestamp until = jdbc.queryForObject("""
                UPDATE rate_budgets
                SET blocked_until = GREATEST(blocked_until, clock_timestamp() + make_interval(secs => ?)),
                    block_reason = ?
                WHERE name = ?
                RETURNING blocked_until
                """, Timestamp.class, blockBackoff.toMillis() / 1000.0, truncate(reason), NAME);
        LOG.warn("SEC EDGAR answered 403 ({}); every worker pauses EDGAR calls until {}", reason, until);
        return until.toInstant();
    }

    public Instant blockedUntil() {
        return jdbc.queryForObject("SELECT blocked_until FROM rate_budgets WHERE name = ?", Timestamp.class, NAME)
                .toInstant();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }
}
