package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.storage.StorageKey;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
     * version; for "latest", the newest filing's analysis made at or after {@code latestValidSince}.
     */
    public Optional<AnalysisId> findValid(AnalysisRequest request, int currentVersion, Instant latestValidSince) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("""
                SELECT a.id FROM analyses a JOIN filings f ON f.id = a.filing_id
                WHERE f.form_type = ? AND a.analysis_version = ?
                """);
        args.add(request.formType().edgarName());
        args.add(currentVersion);
        if (request.company() instanceof Cik cik) {
            sql.append(" AND f.cik = ?");
            args.add(cik.value());
        } else if (request.company() instanceof Ticker ticker) {
            sql.append(" AND f.ticker = ?");
            args.add(ticker.value());
        }
        if (request.wantsLatest()) {
            sql.append(" AND a.created_at >= ? ORDER BY f.filing_date DESC NULLS LAST, a.created_at DESC");
            args.add(Timestamp.from(latestValidSince));
        } else {
            sql.append(" AND f.accession_number = ? ORDER BY a.created_at DESC");
            args.add(request.accessionNumber().value());
        }
        sql.append(" LIMIT 1");
        return jdbc.queryForList(sql.toString(), UUID.class, args.toArray()).stream().findFirst().map(AnalysisId::new);
    }

    /** Where the analysis document is stored, if the analysis exists. */
    public Optional<StorageKey> storageKey(AnalysisId id) {
        return jdbc.queryForList("SELECT storage_key FROM analyses WHERE id = ?", String.class, id.value())
                .stream().findFirst().map(StorageKey::new);
    }
}
