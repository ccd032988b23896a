package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.edgar.FilingDescriptor;
import com.aperilex.flow.storage.StorageKey;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Filings, one row per accession number whichever task or user asked for it first. */
@Repository
public class FilingRepository {
    private final JdbcTemplate jdbc;

    public FilingRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The filing's row, created on first sight; later sightings fill in what earlier ones lacked. */
    public FilingRecord register(FilingDescriptor filing) {
        return jdbc.queryForObject("""
                INSERT INTO filings (id, cik, ticker, company_name, accession_number, form_type, filing_date,
                                     period_of_report, primary_document, document_url, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (accession_number) DO UPDATE
                    SET ticker = COALESCE(filings.ticker, EXCLUDED.ticker),
                        company_name = COALESCE(filings.company_name, EXCLUDED.company_name),
                        filing_date = COALESCE(filings.filing_date, EXCLUDED.filing_date),
                        period_of_report = COALESCE(filings.period_of_report, EXCLUDED.period_of_report)
                RETURNING id, ticker, company_name, storage_key, sha256, size_bytes
                """, (rs, n) -> {
                    String ticker = rs.getString("ticker");
                    String key = rs.getString("storage_key");
                    long size = rs.getLong("size_bytes");
                    boolean hasSize = !rs.wasNull();
                    FilingDescriptor merged = new FilingDescriptor(filing.source(), filing.cik(),
                            ticker == null ? null : Ticker.of(ticker), rs.getString("company_name"),
                            filing.accessionNumber(), filing.formType(), filing.filingDate(), filing.periodOfReport(),
                            filing.primaryDocument(), filing.documentUrl());
                    String sha = rs.getString("sha256");
                    return new FilingRecord(new FilingId(rs.getObject("id", UUID.class)), merged,
                            key == null ? null : new StorageKey(key), sha == null ? null : sha.strip(),
                            hasSize ? size : null);
                },
                FilingId.random().value(), filing.cik().value(),
                filing.ticker() == null ? null : filing.ticker().value(), filing.companyName(),
                filing.accessionNumber().value(), filing.formType().edgarName(), date(filing.filingDate()),
                date(filing.periodOfReport()), filing.primaryDocument(), filing.documentUrl(), filing.source());
    }

    /**
     * The filing of this accession number as {@code source} resolved it before, when its row names its primary
     * document (what a named accession resolves to never changes, so no data source needs asking again); empty when
     * there is no such row.
     */
    public Optional<FilingDescriptor> known(String source, AccessionNumber accession) {
        return jdbc.query("""
                SELECT cik, ticker, company_name, form_type, filing_date, period_of_report, primary_document, document_url
                FROM filings WHERE accession_number = ? AND source = ?
                  AND primary_document IS NOT NULL AND document_url IS NOT NULL
                """, (rs, n) -> {
                    String ticker = rs.getString("ticker");
                    Date filed = rs.getDate("filing_date");
                    Date period = rs.getDate("period_of_report");
                    return new FilingDescriptor(source, new Cik(rs.getLong("cik")), ticker == null ? null : Ticker.of(ticker),
                            rs.getString("company_name"), accession, FormType.fromEdgarName(rs.getString("form_type")),
                            filed == null ? null : filed.toLocalDate(), period == null ? null : period.toLocalDate(),
                            rs.getString("primary_document"), rs.getString("document_url"));
                }, accession.value(), source).stream().findFirst();
    }

    /** A request for the latest filing of its form resolved to this filing now. */
    public void markLatest(FilingRecord filing, Instant now) {
        jdbc.update("UPDATE filings SET latest_resolved_at = ? WHERE id = ?", Timestamp.from(now), filing.id().value());
    }

    /** Records where the document is stored and its checksum. */
    public FilingRecord markStored(FilingRecord filing, StorageKey key, String sha256, long size, Instant now) {
        jdbc.update("UPDATE filings SET storage_key = ?, sha256 = ?, size_bytes = ?, stored_at = ? WHERE id = ?",
                key.value(), sha256, size, Timestamp.from(now), filing.id().value());
        return new FilingRecord(filing.id(), filing.descriptor(), key, sha256, size);
    }

    private static Date date(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }
}
