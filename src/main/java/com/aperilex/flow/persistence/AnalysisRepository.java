package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.analysis.AnalysisDocument;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.llm.LlmUsage;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.storage.StorageKey;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The global pool: analyses belong to filings, not to users, and are looked up by filing. */
@Repository
public class AnalysisRepository {
    private final JdbcTemplate jdbc;

    public AnalysisRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A still-valid analysis for the request: for a named accession, any analysis of the current
     * version; for "latest", the newest filing's analysis made at or after {@code latestValidSince}. Either way
     * only an analysis made by {@code model} (the requested tier's, the global pool's key with the filing).
     */
    public Optional<AnalysisId> findValid(AnalysisRequest request, int currentVersion, String model,
                                          Instant latestValidSince) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("""
                SELECT a.id FROM analyses a JOIN filings f ON f.id = a.filing_id
                WHERE f.form_type = ? AND a.analysis_version = ? AND a.llm_model = ?
                """);
        args.add(request.formType().edgarName());
        args.add(currentVersion);
        args.add(model);
        if (request.company() instanceof Cik cik) {
            sql.append(" AND f.cik = ?");
            args.add(cik.value());
        } else if (request.company() instanceof Ticker ticker) {
            sql.append(" AND f.ticker = ?");
            args.add(ticker.value());
        }
        if (request.wantsLatest()) {
            // Only filings a "latest" request resolved to recently, and analyses made recently.
            sql.append(" AND a.created_at >= ? AND f.latest_resolved_at >= ?"
                    + " ORDER BY f.filing_date DESC NULLS LAST, a.created_at DESC");
            args.add(Timestamp.from(latestValidSince));
            args.add(Timestamp.from(latestValidSince));
        } else {
            sql.append(" AND f.accession_number = ? ORDER BY a.created_at DESC");
            args.add(request.accessionNumber().value());
        }
        sql.append(" LIMIT 1");
        return jdbc.queryForList(sql.toString(), UUID.class, args.toArray()).stream().findFirst().map(AnalysisId::new);
    }

    /**
     * Where an analysis document is stored and what it must hash to.
     *
     * @param sha256    hex SHA-256 of the stored bytes; null for rows recorded before checksums were kept
     * @param sizeBytes the stored document's size; null likewise
     */
    public record StoredDocument(StorageKey key, String sha256, Long sizeBytes) {
    }

    /** The analysis's stored document and its recorded checksum, if the analysis exists. */
    public Optional<StoredDocument> document(AnalysisId id) {
        return jdbc.query("SELECT storage_key, sha256, size_bytes FROM analyses WHERE id = ?",
                (rs, n) -> new StoredDocument(new StorageKey(rs.getString("storage_key")),
                        rs.getString("sha256") == null ? null : rs.getString("sha256").strip(),
                        (Long) rs.getObject("size_bytes", Long.class)), id.value()).stream().findFirst();
    }

    /** Which of these storage keys an analysis row references (the orphan sweep keeps those). */
    public Set<StorageKey> referenced(Collection<StorageKey> keys) {
        if (keys.isEmpty()) {
            return Collections.emptySet();
        }
        Set<StorageKey> referenced = new HashSet<>();
        List<StorageKey> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += 500) {
            List<StorageKey> batch = all.subList(from, Math.min(all.size(), from + 500));
            String marks = String.join(", ", Collections.nCopies(batch.size(), "?"));
            jdbc.queryForList("SELECT storage_key FROM analyses WHERE storage_key IN (" + marks + ")", String.class,
                    batch.stream().map(StorageKey::value).toArray()).forEach(k -> referenced.add(new StorageKey(k)));
        }
        return referenced;
    }

    /** Where the analysis document is stored, if the analysis exists. */
    public Optional<StorageKey> storageKey(AnalysisId id) {
        return jdbc.queryForList("SELECT storage_key FROM analyses WHERE id = ?", String.class, id.value())
                .stream().findFirst().map(StorageKey::new);
    }

    /** The analysis of this filing by this analysis version and model, if one exists: the global pool's key. */
    public Optional<AnalysisId> find(FilingId filing, int analysisVersion, String model) {
        return jdbc.queryForList("""
                SELECT id FROM analyses WHERE filing_id = ? AND analysis_version = ? AND llm_model = ?
                """, UUID.class, filing.value(), analysisVersion, model).stream().findFirst().map(AnalysisId::new);
    }

    /**
     * Records a stored analysis document, its SHA-256 and size, with what producing it cost.
     *
     * @param madeBy the task whose run made it (only its owner pays the analysis fee); null when none did
     */
    public void insert(AnalysisId id, FilingId filing, int analysisVersion, String provider, String model,
                       StorageKey key, String sha256, long sizeBytes, LlmUsage usage, Instant createdAt,
                       TaskId madeBy) {
        jdbc.update("""
                INSERT INTO analyses (id, schema_version, filing_id, analysis_version, llm_provider, llm_model,
                                      storage_key, sha256, size_bytes, input_tokens, output_tokens, cost_usd,
                                      latency_ms, llm_calls, created_at, made_by_task_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, id.value(), AnalysisDocument.SCHEMA_VERSION, filing.value(), analysisVersion, provider, model,
                key.value(), sha256, sizeBytes, usage == null ? null : usage.inputTokens(), usage == null ? null : usage.outputTokens(),
                usage == null ? null : usage.costUsd(), usage == null ? null : usage.latencyMs(),
                usage == null ? 0 : usage.calls(), Timestamp.from(createdAt), madeBy == null ? null : madeBy.value());
    }
}
