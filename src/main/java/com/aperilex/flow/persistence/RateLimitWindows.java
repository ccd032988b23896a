package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.RateWindow;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The request counters in {@code rate_limit_windows}, shared by every replica. One request is one statement: a
 * conditional upsert per limited window (a CTE each), counting the request only in a window still below its
 * limit; the row lock the upsert takes makes the count exact under any concurrency. When a window is full the
 * transaction is rolled back, so the refused request counts in no window. pgjdbc sends BEGIN with the statement:
 * two round trips (the statement, then COMMIT or ROLLBACK).
 */
@Repository
public class RateLimitWindows {
    /** The statement per number of windows (at most four: a user's and an address's hour and day), built once. */
    private static final Map<Integer, String> STATEMENTS = new ConcurrentHashMap<>();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public RateLimitWindows(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * A window the request counts against and its limit (at least 1).
     *
     * @param subject whose window: {@code user:<uuid>} or {@code ip:<address>}
     */
    public record Limit(String subject, RateWindow window, int limit) {
    }

    /**
     * Counts the request in each window, or in none. Returns each window's count with this request, in the order
     * of {@code limits}, or null for a window that was full (then nothing was counted in any window).
     */
    public List<Integer> take(List<Limit> limits, Instant now) {
        String sql = STATEMENTS.computeIfAbsent(limits.size(), RateLimitWindows::statement);
        List<Object> args = new ArrayList<>(limits.size() * 4);
        for (Limit limit : limits) {
            args.add(limit.subject());
            args.add(limit.window().name());
            args.add(Timestamp.from(limit.window().start(now)));
            args.add(limit.limit());
        }
        return tx.execute(status -> {
            List<Integer> used = jdbc.queryForObject(sql, (rs, n) -> {
                List<Integer> counts = new ArrayList<>(limits.size());
                for (int i = 0; i < limits.size(); i++) {
                    int value = rs.getInt(i + 1);
                    counts.add(rs.wasNull() ? null : value);
                }
                return counts;
            }, args.toArray());
            if (used.contains(null)) {
                status.setRollbackOnly();
            }
            return used;
        });
    }

    /** The statement for these windows: one conditional upsert CTE each, and a row of their counts (null: full). */
    private static String statement(int windows) {
        StringBuilder sql = new StringBuilder("WITH ");
        for (int i = 0; i < windows; i++) {
            sql.append(i == 0 ? "" : ", ").append("w").append(i).append(" AS (").append("""
                    INSERT INTO rate_limit_windows AS r (subject, window_kind, window_start, used)
                    VALUES (?, ?, ?, 1)
                    ON CONFLICT (subject, window_kind, window_start)
                        DO UPDATE SET used = r.used + 1 WHERE r.used < ?
                    RETURNING used)""");
        }
        sql.append(" SELECT ");
        for (int i = 0; i < windows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(SELECT used FROM w").append(i).append(") AS u").append(i);
        }
        return sql.toString();
    }

    /** The subject's count in each window now (absent: no request yet), e.g. for the caller's own view of it. */
    public Map<RateWindow, Integer> used(String subject, Instant now) {
        Map<RateWindow, Integer> used = new EnumMap<>(RateWindow.class);
        jdbc.query("""
                SELECT window_kind, used FROM rate_limit_windows
                WHERE subject = ? AND ((window_kind = 'HOUR' AND window_start = ?) OR (window_kind = 'DAY' AND window_start = ?))
                """, rs -> {
                    used.put(RateWindow.valueOf(rs.getString("window_kind")), rs.getInt("used"));
                }, subject, Timestamp.from(RateWindow.HOUR.start(now)), Timestamp.from(RateWindow.DAY.start(now)));
        return used;
    }

    /** Removes the windows that started before {@code before}; returns how many. */
    public int purgeStartedBefore(Instant before) {
        return jdbc.update("DELETE FROM rate_limit_windows WHERE window_start < ?", Timestamp.from(before));
    }
}
