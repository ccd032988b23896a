package com.aperilex.flow.persistence;

import static com.aperilex.flow.persistence.TaskRows.OPEN_STATUSES;
import static com.aperilex.flow.persistence.TaskRows.ts;

import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.ImportId;
import com.aperilex.flow.domain.ImportStatus;
import com.aperilex.flow.domain.ModelTier;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.TaskStatus;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.domain.UserId;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The imports as their owners see them: made (or found again by their dedup key), read with counts, cancelled.
 * Resolution's side is {@link ImportResolutions}.
 */
@Repository
public class ImportRecords {
    /** The layout version of an {@code imports} row (its schema_version column); the request has its own. */
    static final int IMPORT_ROW_SCHEMA_VERSION = 1;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TaskTransitions transitions;
    private final Reservations reservations;

    public ImportRecords(JdbcTemplate jdbc, TransactionTemplate tx, TaskTransitions transitions,
                         Reservations reservations) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.transitions = transitions;
        this.reservations = reservations;
    }

    /** Who an import is for and at what terms, fixed when it is made. */
    public record Terms(UserId owner, Kind kind, ModelTier modelTier, int priority, BigDecimal feePerFilingUsd,
                        Integer maxFilings) {
    }

    /** USER: made through the API by its owner; DEMO_PREFILL: the system's (no owner, paid by the business). */
    public enum Kind { USER, DEMO_PREFILL }

    /** A company of a new import: its CIK when known (a CIK request, a universe list), else its ticker. */
    public record Company(Ticker ticker, Cik cik) {
    }

    /** The import a request made or joined. */
    public record Made(ImportId id, boolean created, ImportStatus status, int companies) {
    }

    /**
     * Makes an import of {@code companies}, unless an import with the same dedup key was made within the window and
     * is not cancelled: then that one. Concurrent identical requests serialise on the key (a transaction-scoped
     * advisory lock), so exactly one import is made.
     *
     * @param requestJson the request as read, with its schema version (kept on the row)
     */
    public Made make(Terms terms, String dedupKey, String requestJson, List<Company> companies, Instant now,
                     Duration dedupWindow) {
        return tx.execute(status -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", dedupKey);
            List<Made> existing = jdbc.query("""
                    SELECT id, status, companies FROM imports
                    WHERE dedup_key = ? AND created_at >= ? AND status <> 'CANCELLED'
                    ORDER BY created_at DESC LIMIT 1
                    """, (rs, n) -> new Made(new ImportId(rs.getObject("id", UUID.class)), false,
                    ImportStatus.valueOf(rs.getString("status")), rs.getInt("companies")), dedupKey,
                    ts(now.minus(dedupWindow)));
            if (!existing.isEmpty()) {
                return existing.get(0);
            }
            ImportId id = ImportId.random();
            jdbc.update("""
                    INSERT INTO imports (id, schema_version, user_id, kind, dedup_key, request, model_tier, priority,
                                         fee_per_filing_usd, max_filings, status, companies, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, id.value(), IMPORT_ROW_SCHEMA_VERSION, terms.owner() == null ? null : terms.owner().value(),
                    terms.kind().name(), dedupKey, requestJson, terms.modelTier().wireName(), terms.priority(),
                    terms.feePerFilingUsd(), terms.maxFilings(),
                    companies.isEmpty() ? ImportStatus.COMPLETED.name() : ImportStatus.RESOLVING.name(),
                    companies.size(), ts(now), ts(now));
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < companies.size(); i++) {
                Company c = companies.get(i);
                rows.add(new Object[] {id.value(), i, c.ticker() == null ? null : c.ticker().value(),
                        c.cik() == null ? null : c.cik().value(), ts(now)});
            }
            jdbc.batchUpdate("""
                    INSERT INTO import_companies (import_id, position, ticker, cik, updated_at) VALUES (?, ?, ?, ?, ?)
                    """, rows);
            return new Made(id, true, companies.isEmpty() ? ImportStatus.COMPLETED : ImportStatus.RESOLVING,
                    companies.size());
        });
    }

    /** An import as GET /api/v1/imports/{id} shows it. */
    public record View(ImportId id, UserId owner, ImportStatus status, String requestJson, int companies,
                       Map<String, Integer> companiesByStatus, int filings, int skipped, int overLimit,
                       Map<String, Integer> tasksByStatus, List<Failure> failures, int edgarRequests,
                       BigDecimal feePerFilingUsd, BigDecimal chargedUsd, BigDecimal reservedUsd, Instant createdAt,
                       Instant updatedAt, Instant finishedAt) {
    }

    /** A company or task that failed, with its code: company is the ticker or CIK, accession null for a company. */
    public record Failure(String company, String accessionNumber, ErrorCode code, String detail) {
    }

    /**
     * Import ids newest first: {@code owner}'s ({@code null}: everyone's, the system's included), older than the
     * import {@code before} (null: from the newest), at most {@code limit}.
     */
    public List<ImportId> page(UserId owner, ImportId before, int limit) {
        return jdbc.query("""
                SELECT id FROM imports
                WHERE (?::uuid IS NULL OR user_id = ?::uuid)
                  AND (?::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM imports WHERE id = ?::uuid))
                ORDER BY created_at DESC, id DESC
                LIMIT ?
                """, (rs, n) -> new ImportId(rs.getObject("id", java.util.UUID.class)),
                owner == null ? null : owner.value(), owner == null ? null : owner.value(),
                before == null ? null : before.value(), before == null ? null : before.value(), limit);
    }

    /** The import with its counts; empty when there is none. At most {@code maxFailures} failures are listed. */
    public Optional<View> view(ImportId id, int maxFailures) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM imports WHERE id = ?", id.value());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = rows.get(0);
        Map<String, Integer> companies = counts("""
                SELECT status, count(*)::int AS n FROM import_companies WHERE import_id = ? GROUP BY status
                """, id);
        Map<String, Integer> tasks = counts("""
                SELECT status, count(*)::int AS n FROM tasks WHERE import_id = ? GROUP BY status
                """, id);
        List<Failure> failures = new ArrayList<>(jdbc.query("""
                SELECT COALESCE(ticker, cik::text) AS company, error_code, error_message FROM import_companies
                WHERE import_id = ? AND status = 'FAILED' ORDER BY position LIMIT ?
                """, (rs, n) -> failure(rs, null), id.value(), maxFailures));
        if (failures.size() < maxFailures) {
            failures.addAll(jdbc.query("""
                    SELECT COALESCE(ticker, cik::text) AS company, accession_number, error_code, error_message FROM tasks
                    WHERE import_id = ? AND status = 'FAILED' ORDER BY updated_at LIMIT ?
                    """, (rs, n) -> failure(rs, rs.getString("accession_number")), id.value(),
                    maxFailures - failures.size()));
        }
        BigDecimal charged = jdbc.queryForObject("""
                SELECT COALESCE(-sum(u.amount_usd), 0) FROM usage_transactions u JOIN tasks t ON t.id = u.task_id
                WHERE t.import_id = ? AND u.type = 'BULK_IMPORT'
                """, BigDecimal.class, id.value());
        BigDecimal reserved = jdbc.queryForObject("""
                SELECT COALESCE(sum(r.bulk_fee_usd), 0) FROM credit_reservations r JOIN tasks t ON t.id = r.task_id
                WHERE t.import_id = ? AND r.status = 'OPEN'
                """, BigDecimal.class, id.value());
        UUID owner = (UUID) row.get("user_id");
        return Optional.of(new View(id, owner == null ? null : new UserId(owner),
                ImportStatus.valueOf((String) row.get("status")), row.get("request").toString(),
                (Integer) row.get("companies"), companies, (Integer) row.get("filings"), (Integer) row.get("skipped"),
                (Integer) row.get("over_limit"), tasks, failures, (Integer) row.get("edgar_requests"),
                (BigDecimal) row.get("fee_per_filing_usd"), charged, reserved, instant(row.get("created_at")),
                instant(row.get("updated_at")), instant(row.get("finished_at"))));
    }

    /** What a cancellation did: the tasks it cancelled and the companies it left unresolved. */
    public record Cancelled(boolean changed, int tasks, int companies) {
    }

    /**
     * Cancels the import's work that has not started: its PENDING companies, and its tasks still PENDING or QUEUED
     * (they end CANCELLED, their reservations released, in one transaction). Tasks a worker already took run to
     * their end. A finished import is left as it is.
     */
    public Cancelled cancel(ImportId id, Instant now) {
        return tx.execute(status -> {
            List<String> current = jdbc.queryForList("SELECT status FROM imports WHERE id = ? FOR UPDATE", String.class,
                    id.value());
            if (current.isEmpty() || ImportStatus.valueOf(current.get(0)).finished()) {
                return new Cancelled(false, 0, 0);
            }
            int companies = jdbc.update("""
                    UPDATE import_companies SET status = 'CANCELLED', leased_until = NULL, updated_at = ?
                    WHERE import_id = ? AND status = 'PENDING'
                    """, ts(now), id.value());
            List<UUID> tasks = jdbc.queryForList("""
                    UPDATE tasks SET status = 'CANCELLED', updated_at = ?
                    WHERE import_id = ? AND status IN ('PENDING', 'QUEUED')
                    RETURNING id
                    """, UUID.class, ts(now), id.value());
            for (UUID task : tasks) {
                TaskId taskId = new TaskId(task);
                transitions.record(taskId, TaskStatus.CANCELLED, null, "the import was cancelled", now);
                reservations.release(taskId, "its import was cancelled", now);
            }
            jdbc.update("UPDATE imports SET status = 'CANCELLED', updated_at = ?, finished_at = ? WHERE id = ?",
                    ts(now), ts(now), id.value());
            return new Cancelled(true, tasks.size(), companies);
        });
    }

    /**
     * Marks COMPLETED the imports whose companies are all resolved and whose tasks have all ended.
     *
     * @return the imports completed now
     */
    public List<ImportId> completeFinished(Instant now) {
        return jdbc.queryForList("""
                UPDATE imports i SET status = 'COMPLETED', updated_at = ?, finished_at = ?
                WHERE i.status = 'RUNNING'
                  AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.import_id = i.id AND t.status IN %s)
                RETURNING id
                """.formatted(OPEN_STATUSES), UUID.class, ts(now), ts(now)).stream().map(ImportId::new).toList();
    }

    private Map<String, Integer> counts(String sql, ImportId id) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbc.query(sql, rs -> {
            counts.put(rs.getString("status").strip(), rs.getInt("n"));
        }, id.value());
        return counts;
    }

    private static Failure failure(ResultSet rs, String accession) throws SQLException {
        String code = rs.getString("error_code");
        return new Failure(rs.getString("company"), accession,
                code == null ? ErrorCode.INTERNAL_ERROR : ErrorCode.fromStoredName(code.strip()), rs.getString("error_message"));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("not a timestamp: " + value.getClass());
    }
}
