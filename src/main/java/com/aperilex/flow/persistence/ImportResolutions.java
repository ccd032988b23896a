package com.aperilex.flow.persistence;

import static com.aperilex.flow.persistence.TaskRows.OPEN_STATUSES;
import static com.aperilex.flow.persistence.TaskRows.ts;

import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.ImportId;
import com.aperilex.flow.domain.ModelTier;
import com.aperilex.flow.domain.SchemaVersions;
import com.aperilex.flow.domain.Sha256;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.TaskStatus;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.edgar.FilingDescriptor;
import com.aperilex.flow.message.TaskMessage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The resolution job's side of the imports: lease the next company, record what its submissions held (filing rows,
 * bulk-lane tasks with their fees reserved, counts) in one transaction, or record why it failed. A lease that is not
 * answered (the replica died) runs out and another replica takes the company over; {@code import_tasks_once} makes a
 * company's tasks once however often it is resolved.
 */
@Repository
public class ImportResolutions {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TaskTransitions transitions;
    private final Reservations reservations;
    private final FilingRepository filings;
    private final AnalysisRepository analyses;

    public ImportResolutions(JdbcTemplate jdbc, TransactionTemplate tx, TaskTransitions transitions,
                             Reservations reservations, FilingRepository filings, AnalysisRepository analyses) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.transitions = transitions;
        this.reservations = reservations;
        this.filings = filings;
        this.analyses = analyses;
    }

    /**
     * A company leased for resolution, with its import's terms.
     *
     * @param attempt the lease's number: only the holder of the latest lease records the company
     */
    public record Lease(ImportId importId, int position, Ticker ticker, Cik cik, int attempt, UserId owner,
                        Set<FormType> forms, LocalDate from, LocalDate to, ModelTier modelTier, int priority,
                        BigDecimal feePerFilingUsd, Integer maxFilings) {

        /** The company as the import names it: its ticker, or its CIK. */
        public String company() {
            return ticker != null ? ticker.value() : String.valueOf(cik.value());
        }
    }

    /**
     * Leases the next PENDING company (oldest import first, then the request's order) whose lease is free, of an
     * import still RESOLVING with fewer than {@code maxOpenTasks} open tasks; empty when there is none.
     */
    public Optional<Lease> lease(Instant now, Duration lease, int maxOpenTasks) {
        List<Object[]> taken = jdbc.query("""
                WITH open_imports AS (
                    -- imports with room for more tasks: counted once per import, not once per company
                    SELECT i.id, i.created_at FROM imports i
                    WHERE i.status = 'RESOLVING'
                      AND (SELECT count(*) FROM tasks t WHERE t.import_id = i.id AND t.status IN %s) < ?),
                next AS (
                    SELECT c.import_id, c.position FROM import_companies c JOIN open_imports i ON i.id = c.import_id
                    WHERE c.status = 'PENDING' AND (c.leased_until IS NULL OR c.leased_until < ?)
                    ORDER BY i.created_at, c.position
                    LIMIT 1
                    FOR UPDATE OF c SKIP LOCKED)
                UPDATE import_companies c SET leased_until = ?, attempts = c.attempts + 1, updated_at = ?
                FROM next WHERE c.import_id = next.import_id AND c.position = next.position
                RETURNING c.import_id, c.position, c.ticker, c.cik, c.attempts
                """.formatted(OPEN_STATUSES), (rs, n) -> new Object[] {rs.getObject("import_id", UUID.class),
                rs.getInt("position"), rs.getString("ticker"), rs.getObject("cik"), rs.getInt("attempts")},
                maxOpenTasks, ts(now), ts(now.plus(lease)), ts(now));
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        Object[] c = taken.get(0);
        UUID importId = (UUID) c[0];
        return Optional.of(jdbc.queryForObject("""
                SELECT user_id, (SELECT string_agg(f, ',') FROM jsonb_array_elements_text(request->'formTypes') f) AS forms,
                       (request->>'from')::date AS filed_from,
                       (request->>'to')::date AS filed_to, model_tier, priority, fee_per_filing_usd, max_filings
                FROM imports WHERE id = ?
                """, (rs, n) -> {
                    UUID owner = rs.getObject("user_id", UUID.class);
                    Set<FormType> forms = Arrays.stream(rs.getString("forms").split(",")).map(FormType::fromEdgarName)
                            .collect(Collectors.toUnmodifiableSet());
                    Integer max = (Integer) rs.getObject("max_filings");
                    return new Lease(new ImportId(importId), (Integer) c[1], c[2] == null ? null : Ticker.of((String) c[2]),
                            c[3] == null ? null : new Cik(((Number) c[3]).longValue()), (Integer) c[4],
                            owner == null ? null : new UserId(owner), forms, rs.getDate("filed_from").toLocalDate(),
                            rs.getDate("filed_to").toLocalDate(), ModelTier.fromWireName(rs.getString("model_tier").strip()),
                            rs.getInt("priority"), rs.getBigDecimal("fee_per_filing_usd"), max);
                }, importId));
    }

    /** What recording a company did. */
    public record Resolved(List<TaskMessage> tasks, int filings, int skipped, int overLimit, int unpaid) {
        public static final Resolved NOTHING = new Resolved(List.of(), 0, 0, 0, 0);
    }

    /**
     * Records the company's filings, in one transaction: each one's filings row; the ones the pool already holds
     * (an analysis of this version and model) skipped; past the import's max-filings counted over the limit; the
     * rest one PENDING bulk-lane task each (accession named, so its run asks EDGAR for the document alone), its
     * bulk fee reserved while the owner's balance covers it (the rest unpaid: the company ends FAILED
     * INSUFFICIENT_CREDITS with what was made). The newest filing of each form is marked the company's latest when
     * the range reaches today. Nothing happens when the lease is no longer the company's latest or the import is no
     * longer resolving (cancelled meanwhile).
     *
     * @param found         the company's filings in the import's forms and dates
     * @param edgarRequests the SEC requests resolving the company took
     * @param model         the model the import's tier analyses with (the pool's key)
     * @param traceParent   the W3C traceparent of the resolution's span, stored with each task (its retries continue
     *                      that trace); null: none
     * @return the new tasks' first runs, for direct:publish-task
     */
    public Resolved record(Lease lease, List<FilingDescriptor> found, int edgarRequests, int analysisVersion,
                           String model, String traceParent, Instant now, LocalDate today) {
        return tx.execute(status -> {
            List<String> importStatus = jdbc.queryForList("SELECT status FROM imports WHERE id = ? FOR UPDATE",
                    String.class, lease.importId().value());
            if (importStatus.isEmpty() || !importStatus.get(0).equals("RESOLVING") || !holds(lease)) {
                return Resolved.NOTHING;
            }
            int made = jdbc.queryForObject("SELECT count(*)::int FROM tasks WHERE import_id = ?", Integer.class,
                    lease.importId().value());
            BigDecimal balance = null;
            if (lease.owner() != null && lease.feePerFilingUsd().signum() > 0) {
                balance = jdbc.queryForObject("SELECT balance_usd FROM users WHERE id = ? FOR NO KEY UPDATE",
                        BigDecimal.class, lease.owner().value());
            }
            List<TaskMessage> tasks = new ArrayList<>();
            int skipped = 0;
            int overLimit = 0;
            int unpaid = 0;
            Map<FormType, FilingRecord> newest = new EnumMap<>(FormType.class);
            List<FilingDescriptor> ordered = found.stream()
                    .sorted(Comparator.comparing(FilingDescriptor::filingDate,
                            Comparator.nullsLast(Comparator.reverseOrder())))
                    .toList();
            for (FilingDescriptor filing : ordered) {
                FilingRecord row = filings.register(filing);
                newest.putIfAbsent(filing.formType(), row);
                if (analyses.find(row.id(), analysisVersion, model).isPresent()) {
                    skipped++;
                    continue;
                }
                if (lease.maxFilings() != null && made >= lease.maxFilings()) {
                    overLimit++;
                    continue;
                }
                if (balance != null && balance.compareTo(lease.feePerFilingUsd()) < 0) {
                    unpaid++;
                    continue;
                }
                Optional<TaskMessage> task = insertTask(lease, filing, traceParent, now);
                if (task.isEmpty()) {
                    continue; // made by an earlier lease of this company
                }
                if (balance != null) {
                    if (!reservations.reserveBulk(task.get().taskId(), lease.owner(), lease.feePerFilingUsd())) {
                        throw new IllegalStateException("the balance read under the owner's lock did not cover the fee");
                    }
                    balance = balance.subtract(lease.feePerFilingUsd());
                }
                made++;
                tasks.add(task.get());
            }
            if (!lease.to().isBefore(today)) {
                newest.values().forEach(row -> filings.markLatest(row, now));
            }
            jdbc.update("""
                    UPDATE import_companies SET status = ?, leased_until = NULL, filings = ?, skipped = ?, over_limit = ?,
                                                error_code = ?, error_message = ?, updated_at = ?
                    WHERE import_id = ? AND position = ?
                    """, unpaid > 0 ? "FAILED" : "RESOLVED", tasks.size(), skipped, overLimit,
                    unpaid > 0 ? ErrorCode.INSUFFICIENT_CREDITS.name() : null,
                    unpaid > 0 ? unpaid + " filings not imported: the balance did not cover their fee" : null, ts(now),
                    lease.importId().value(), lease.position());
            addCounts(lease.importId(), tasks.size(), skipped, overLimit, edgarRequests, now);
            return new Resolved(tasks, tasks.size(), skipped, overLimit, unpaid);
        });
    }

    /**
     * The company could not be resolved. A permanent failure (or the last allowed attempt) ends it FAILED with the
     * code; a transient one frees it for another lease after {@code retryDelay}.
     *
     * @return true when the company ended FAILED
     */
    public boolean fail(Lease lease, ErrorCode code, String detail, boolean transientFailure, int maxAttempts,
                        Duration retryDelay, int edgarRequests, Instant now) {
        Boolean failed = tx.execute(status -> {
            jdbc.queryForList("SELECT status FROM imports WHERE id = ? FOR UPDATE", String.class, lease.importId().value());
            if (!holds(lease)) {
                return false;
            }
            boolean end = !transientFailure || lease.attempt() >= maxAttempts;
            if (end) {
                jdbc.update("""
                        UPDATE import_companies SET status = 'FAILED', leased_until = NULL, error_code = ?, error_message = ?,
                                                    updated_at = ?
                        WHERE import_id = ? AND position = ?
                        """, code.name(), truncate(detail), ts(now), lease.importId().value(), lease.position());
            } else {
                jdbc.update("""
                        UPDATE import_companies SET leased_until = ?, error_code = ?, error_message = ?, updated_at = ?
                        WHERE import_id = ? AND position = ?
                        """, ts(now.plus(retryDelay)), code.name(), truncate(detail), ts(now), lease.importId().value(),
                        lease.position());
            }
            addCounts(lease.importId(), 0, 0, 0, edgarRequests, now);
            return end;
        });
        return Boolean.TRUE.equals(failed);
    }

    /** Whether the company is still PENDING under this lease (not taken over, not cancelled, not recorded). */
    private boolean holds(Lease lease) {
        return !jdbc.queryForList("""
                SELECT 1 FROM import_companies WHERE import_id = ? AND position = ? AND status = 'PENDING' AND attempts = ?
                FOR UPDATE
                """, Integer.class, lease.importId().value(), lease.position(), lease.attempt()).isEmpty();
    }

    private void addCounts(ImportId id, int filings, int skipped, int overLimit, int edgarRequests, Instant now) {
        jdbc.update("""
                UPDATE imports SET filings = filings + ?, skipped = skipped + ?, over_limit = over_limit + ?,
                                   edgar_requests = edgar_requests + ?, updated_at = ?,
                                   status = CASE WHEN NOT EXISTS (SELECT 1 FROM import_companies c
                                                                  WHERE c.import_id = imports.id AND c.status = 'PENDING')
                                                 THEN 'RUNNING' ELSE status END
                WHERE id = ?
                """, filings, skipped, overLimit, edgarRequests, ts(now), id.value());
    }

    /** One PENDING task for the filing, unless this import has one for its accession already. */
    private Optional<TaskMessage> insertTask(Lease lease, FilingDescriptor filing, String traceParent, Instant now) {
        TaskId id = TaskId.random();
        AnalysisRequest request = new AnalysisRequest(null, filing.cik(), filing.formType(), filing.accessionNumber(),
                SchemaVersions.CURRENT, lease.modelTier());
        // Its own key: a bulk task is never joined by an interactive request (that one must not wait in the bulk lane).
        String dedupKey = Sha256.hex(("import:" + lease.importId() + ":" + filing.accessionNumber().value())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int rows = jdbc.update("""
                INSERT INTO tasks (id, schema_version, user_id, email, ticker, cik, form_type, accession_number,
                                   request_schema_version, model_tier, dedup_key, status, created_at, updated_at,
                                   priority, filing_source, import_id, trace_parent)
                VALUES (?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, NULL, ?, ?)
                ON CONFLICT (import_id, accession_number) WHERE import_id IS NOT NULL DO NOTHING
                """, id.value(), TaskAdmissions.TASK_ROW_SCHEMA_VERSION,
                lease.owner() == null ? null : lease.owner().value(), filing.cik().value(),
                filing.formType().edgarName(), filing.accessionNumber().value(), request.schemaVersion(),
                request.modelTier().wireName(), dedupKey, ts(now), ts(now), lease.priority(), lease.importId().value(),
                traceParent);
        if (rows == 0) {
            return Optional.empty();
        }
        transitions.record(id, TaskStatus.PENDING, null, "made by import " + lease.importId(), now);
        return Optional.of(TaskMessage.of(id, request, dedupKey, now, lease.priority(), null));
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }
}
