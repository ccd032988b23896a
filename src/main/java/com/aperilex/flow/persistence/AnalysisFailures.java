package com.aperilex.flow.persistence;

import static com.aperilex.flow.persistence.TaskRows.truncate;
import static com.aperilex.flow.persistence.TaskRows.ts;

import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.FilingFailure;
import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.domain.TaskId;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The last failed attempt at each filing's analysis, per analysis version and model (the global pool's key),
 * in {@code analysis_failures}. Written and read under the filing's lock, so one row per key is enough.
 */
@Repository
public class AnalysisFailures {
    private final JdbcTemplate jdbc;

    public AnalysisFailures(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The recorded failure of this filing's analysis by this version and model, if one is recorded. */
    public Optional<FilingFailure> find(FilingId filing, int analysisVersion, String model) {
        return jdbc.query("""
                SELECT failed_task_id, error_code, error_message, permanent, attempts, failed_at, next_attempt_at
                FROM analysis_failures WHERE filing_id = ? AND analysis_version = ? AND llm_model = ?
                """, (rs, n) -> {
            Timestamp next = rs.getTimestamp("next_attempt_at");
            return new FilingFailure(new TaskId(rs.getObject("failed_task_id", UUID.class)),
                    ErrorCode.valueOf(rs.getString("error_code")), rs.getString("error_message"),
                    rs.getBoolean("permanent"), rs.getInt("attempts"), rs.getTimestamp("failed_at").toInstant(),
                    next == null ? null : next.toInstant());
        }, filing.value(), analysisVersion, model).stream().findFirst();
    }

    /** Records {@code failure} as the filing's latest, replacing the one before. */
    public void save(FilingId filing, int analysisVersion, String model, FilingFailure failure) {
        jdbc.update("""
                INSERT INTO analysis_failures (filing_id, analysis_version, llm_model, failed_task_id, error_code,
                                               error_message, permanent, attempts, failed_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (filing_id, analysis_version, llm_model) DO UPDATE SET
                    failed_task_id = EXCLUDED.failed_task_id, error_code = EXCLUDED.error_code,
                    error_message = EXCLUDED.error_message, permanent = EXCLUDED.permanent,
                    attempts = EXCLUDED.attempts, failed_at = EXCLUDED.failed_at,
                    next_attempt_at = EXCLUDED.next_attempt_at
                """, filing.value(), analysisVersion, model, failure.failedTask().value(), failure.code().name(),
                truncate(failure.message()), failure.permanent(), failure.attempts(), ts(failure.failedAt()),
                failure.nextAttemptAt() == null ? null : ts(failure.nextAttemptAt()));
    }

    /** Forgets the filing's failure: an analysis was made. */
    public void clear(FilingId filing, int analysisVersion, String model) {
        jdbc.update("DELETE FROM analysis_failures WHERE filing_id = ? AND analysis_version = ? AND llm_model = ?",
                filing.value(), analysisVersion, model);
    }
}
