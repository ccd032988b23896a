package com.aperilex.flow.pool;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.CompanyIdentifier;
import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.Ticker;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The filings the pool holds, as tier access and the pool data source look them up. */
@Repository
public class PooledFilings {
    private static final String COLUMNS = """
            f.id, f.cik, f.ticker, f.company_name, f.accession_number, f.form_type, f.filing_date, f.period_of_report,
            f.primary_document, f.document_url, f.storage_key, f.sha256""";

    private final JdbcTemplate jdbc;

    public PooledFilings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A filings row.
     *
     * @param ticker     null when no request named one
     * @param filingDate null when the source did not say
     * @param storageKey null until the document is stored
     */
    public record PooledFiling(FilingId id, Cik cik, Ticker ticker, String companyName, AccessionNumber accessionNumber,
                               String formType, LocalDate filingDate, LocalDate periodOfReport, String primaryDocument,
                               String documentUrl, String storageKey, String sha256) {

        public boolean isStored() {
            return storageKey != null && sha256 != null;
        }

        /** Whether the row is of the company the request names, by CIK or by the ticker on the row. */
        public boolean isOf(CompanyIdentifier company) {
            return company instanceof Cik c ? c.equals(cik) : company.equals(ticker);
        }
    }

    /** The filing a pooled analysis is of. */
    public Optional<PooledFiling> ofAnalysis(AnalysisId analysis) {
        return jdbc.query("SELECT " + COLUMNS + " FROM analyses a JOIN filings f ON f.id = a.filing_id WHERE a.id = ?",
                PooledFilings::row, analysis.value()).stream().findFirst();
    }

    /** The filing's row, when the pool has seen it. */
    public Optional<PooledFiling> byAccession(AccessionNumber accession) {
        return jdbc.query("SELECT " + COLUMNS + " FROM filings f WHERE f.accession_number = ?", PooledFilings::row,
                accession.value()).stream().findFirst();
    }

    /**
     * The newest filing of the company and form whose document is stored, filed on or after {@code filedSince}
     * (null: any date).
     */
    public Optional<PooledFiling> newestStored(CompanyIdentifier company, FormType form, LocalDate filedSince) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM filings f WHERE ");
        if (company instanceof Cik cik) {
            sql.append("f.cik = ?");
            args.add(cik.value());
        } else {
            sql.append("f.ticker = ?");
            args.add(((Ticker) company).value());
        }
        sql.append(" AND f.form_type = ? AND f.storage_key IS NOT NULL AND f.sha256 IS NOT NULL");
        args.add(form.edgarName());
        if (filedSince != null) {
            sql.append(" AND f.filing_date >= ?");
            args.add(Date.valueOf(filedSince));
        }
        sql.append(" ORDER BY f.filing_date DESC NULLS LAST, f.created_at DESC LIMIT 1");
        return jdbc.query(sql.toString(), PooledFilings::row, args.toArray()).stream().findFirst();
    }

    private static PooledFiling row(ResultSet rs, int n) throws SQLException {
        Date filed = rs.getDate("filing_date");
        Date period = rs.getDate("period_of_report");
        String ticker = rs.getString("ticker");
        String sha = rs.getString("sha256");
        return new PooledFiling(new FilingId(rs.getObject("id", UUID.class)), new Cik(rs.getLong("cik")),
                ticker == null ? null : Ticker.of(ticker), rs.getString("company_name"),
                AccessionNumber.of(rs.getString("accession_number")), rs.getString("form_type"),
                filed == null ? null : filed.toLocalDate(), period == null ? null : period.toLocalDate(),
                rs.getString("primary_document"), rs.getString("document_url"), rs.getString("storage_key"),
                sha == null ? null : sha.strip());
    }
}
