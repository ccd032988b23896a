package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.TaskId;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Tasks as the API shows them. */
@Repository
public class TaskReads {
    private final JdbcTemplate jdbc;

    public TaskReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<TaskRecord> find(TaskId id) {
        return jdbc.query("""
                SELECT t.id, t.status, t.analysis_status, t.email, t.ticker, t.cik, t.form_type, t.accession_number,
                       t.request_schema_version, t.model_tier, t.analysis_id, t.error_code, t.error_message, t.created_at,
                       t.updated_at, t.user_id, f.cik AS f_cik, f.accession_number AS f_accession, f.form_type AS f_form,
                       f.filing_date AS f_date
                FROM tasks t LEFT JOIN filings f ON f.id = t.filing_id
                WHERE t.id = ?
                """, TaskRows::record, id.value()).stream().findFirst();
    }
}
