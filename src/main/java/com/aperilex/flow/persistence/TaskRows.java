package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.CompanyIdentifier;
import com.aperilex.flow.domain.AnalysisStatus;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.ModelTier;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.TaskStatus;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.message.TaskMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** The one mapping of {@code tasks} rows to types, shared by every task repository. */
final class TaskRows {
    /** Statuses of a task that has not ended. */
    static final String OPEN_STATUSES = "('PENDING', 'QUEUED', 'PROCESSING', 'RETRYING')";

    /** The columns {@link #message} reads. */
    static final String MESSAGE_COLUMNS = """
            id, email, ticker, cik, form_type, accession_number, request_schema_version, dedup_key, created_at, attempts,
            model_tier, priority, filing_source""";

    private TaskRows() {
    }

    /**
     * The request a task row was admitted for (columns email, ticker or cik, form_type, accession_number,
     * request_schema_version, model_tier).
     */
    private static AnalysisRequest request(ResultSet rs) throws SQLException {
        String ticker = rs.getString("ticker");
        long cik = rs.getLong("cik");
        String accession = rs.getString("accession_number");
        CompanyIdentifier company = ticker != null ? Ticker.of(ticker) : new Cik(cik);
        String email = rs.getString("email");
        return new AnalysisRequest(email == null ? null : new Email(email), company,
                FormType.fromEdgarName(rs.getString("form_type")),
                accession == null ? null : AccessionNumber.of(accession), rs.getInt("request_schema_version"),
                ModelTier.fromWireName(rs.getString("model_tier").strip()));
    }

    /** The message for the task's next run: attempt = the runs it has started so far. */
    static TaskMessage message(ResultSet rs, int row) throws SQLException {
        AnalysisRequest r = request(rs);
        return new TaskMessage(TaskMessage.CURRENT_SCHEMA_VERSION, taskId(rs), r.email(), r.ticker().orElse(null),
                r.cik().orElse(null), r.formType(), r.accessionNumber(), r.schemaVersion(),
                rs.getString("dedup_key").strip(), rs.getTimestamp("created_at").toInstant(), rs.getInt("attempts"),
                r.modelTier(), rs.getInt("priority"), rs.getString("filing_source"));
    }

    /** A run to publish again (columns {@link #MESSAGE_COLUMNS} and trace_parent). */
    static TaskSweeps.Republish republish(ResultSet rs, int row) throws SQLException {
        return new TaskSweeps.Republish(message(rs, row), rs.getString("trace_parent"));
    }

    /** A task with its filing and owner (columns user_id, f_cik, f_accession, f_form, f_date from a join on filings). */
    static TaskRecord record(ResultSet rs, int row) throws SQLException {
        AnalysisRequest request = request(rs);
        String analysisStatus = rs.getString("analysis_status");
        UUID analysisId = rs.getObject("analysis_id", UUID.class);
        UUID owner = rs.getObject("user_id", UUID.class);
        String errorCode = rs.getString("error_code");
        TaskRecord.Filing filing = null;
        String filingAccession = rs.getString("f_accession");
        if (filingAccession != null) {
            java.sql.Date date = rs.getDate("f_date");
            filing = new TaskRecord.Filing(new Cik(rs.getLong("f_cik")), AccessionNumber.of(filingAccession),
                    FormType.fromEdgarName(rs.getString("f_form")), date == null ? null : date.toLocalDate());
        }
        return new TaskRecord(
                taskId(rs),
                TaskStatus.valueOf(rs.getString("status")),
                analysisStatus == null ? null : AnalysisStatus.valueOf(analysisStatus),
                request,
                filing,
                analysisId == null ? null : new AnalysisId(analysisId),
                errorCode == null ? null : ErrorCode.valueOf(errorCode),
                rs.getString("error_message"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                owner == null ? null : new UserId(owner));
    }

    static TaskId taskId(ResultSet rs) throws SQLException {
        return new TaskId(rs.getObject("id", UUID.class));
    }

    static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    /** Error messages and transition details are kept to 2000 characters. */
    static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }
}
