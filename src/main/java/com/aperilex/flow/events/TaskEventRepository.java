package com.aperilex.flow.events;

import com.aperilex.flow.domain.ApiLinks;
import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.TaskId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** A task's transitions as events, read from task_transitions (written by TaskRepository). */
@Repository
public class TaskEventRepository {
    /** Failure details are recorded as "CODE: message". */
    private static final Pattern CODED = Pattern.compile("([A-Z][A-Z_]+): (.*)", Pattern.DOTALL);
    private static final String SELECT = """
            SELECT t.id, t.task_id, t.status, t.analysis_status, t.detail, t.at, k.analysis_id
            FROM task_transitions t JOIN tasks k ON k.id = t.task_id
            """;

    private final JdbcTemplate jdbc;

    public TaskEventRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The transitions after {@code afterId}, oldest first. */
    public List<TaskEvent> since(TaskId task, long afterId) {
        return jdbc.query(SELECT + "WHERE t.task_id = ? AND t.id > ? ORDER BY t.id", TaskEventRepository::map,
                task.value(), afterId);
    }

    /** The latest transition: the task's current status. */
    public Optional<TaskEvent> latest(TaskId task) {
        return jdbc.query(SELECT + "WHERE t.task_id = ? ORDER BY t.id DESC LIMIT 1", TaskEventRepository::map,
                task.value()).stream().findFirst();
    }

    private static TaskEvent map(ResultSet rs, int row) throws SQLException {
        String status = rs.getString("status");
        String detail = rs.getString("detail");
        TaskEvent.Error error = null;
        if ((status.equals("FAILED") || status.equals("RETRYING")) && detail != null) {
            Matcher coded = CODED.matcher(detail);
            // Events carry the code's fixed sentence; the recorded detail is for operators only.
            ErrorCode code = coded.matches() ? ErrorCode.fromStoredName(coded.group(1)) : ErrorCode.INTERNAL_ERROR;
            error = new TaskEvent.Error(code.name(), code.publicMessage());
        }
        String analysisId = null;
        String analysisUrl = null;
        UUID analysis = rs.getObject("analysis_id", UUID.class);
        if (status.equals("COMPLETED") && analysis != null) {
            analysisId = analysis.toString();
            analysisUrl = ApiLinks.analysis(new AnalysisId(analysis));
        }
        return new TaskEvent(rs.getLong("id"), rs.getObject("task_id", UUID.class).toString(), status,
                rs.getString("analysis_status"), analysisId, analysisUrl, error,
                rs.getTimestamp("at").toInstant());
    }
}
