package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.storage.StorageKey;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The stored exhibits of filings ({@code filing_exhibits}) and whether a filing's were looked for. */
@Repository
public class FilingExhibits {
    private final JdbcTemplate jdbc;

    public FilingExhibits(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One stored exhibit document. */
    public record StoredExhibit(String name, String type, StorageKey storageKey, String sha256, long sizeBytes) {
    }

    /** The filing's stored exhibits in exhibit order, or empty when its listing was never read. */
    public Optional<List<StoredExhibit>> resolved(FilingId filing) {
        List<Timestamp> resolvedAt = jdbc.queryForList(
                "SELECT exhibits_resolved_at FROM filings WHERE id = ?", Timestamp.class, filing.value());
        if (resolvedAt.isEmpty() || resolvedAt.get(0) == null) {
            return Optional.empty();
        }
        return Optional.of(jdbc.query("""
                SELECT name, exhibit_type, storage_key, sha256, size_bytes FROM filing_exhibits
                WHERE filing_id = ? ORDER BY exhibit_type, name""",
                (rs, n) -> new StoredExhibit(rs.getString("name"), rs.getString("exhibit_type"),
                        new StorageKey(rs.getString("storage_key")), rs.getString("sha256").strip(),
                        rs.getLong("size_bytes")), filing.value()));
    }

    /** Records a stored exhibit; storing the same document again replaces its row. */
    public void store(FilingId filing, StoredExhibit exhibit, Instant now) {
        jdbc.update("""
                INSERT INTO filing_exhibits (filing_id, name, exhibit_type, storage_key, sha256, size_bytes, stored_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (filing_id, name) DO UPDATE SET exhibit_type = EXCLUDED.exhibit_type,
                    storage_key = EXCLUDED.storage_key, sha256 = EXCLUDED.sha256, size_bytes = EXCLUDED.size_bytes,
                    stored_at = EXCLUDED.stored_at""",
                filing.value(), exhibit.name(), exhibit.type(), exhibit.storageKey().value(), exhibit.sha256(),
                exhibit.sizeBytes(), Timestamp.from(now));
    }

    /** The filing's listing was read and every exhibit wanted from it stored. */
    public void markResolved(FilingId filing, Instant now) {
        jdbc.update("UPDATE filings SET exhibits_resolved_at = ? WHERE id = ?", Timestamp.from(now), filing.value());
    }

    /** Forgets the filing's exhibits (a stored copy went missing or failed its checksum): they are fetched anew. */
    @Transactional
    public void forget(FilingId filing) {
        jdbc.update("UPDATE filings SET exhibits_resolved_at = NULL WHERE id = ?", filing.value());
    }
}
