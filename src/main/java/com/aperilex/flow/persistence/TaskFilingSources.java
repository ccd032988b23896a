package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.TaskId;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** tasks.filing_source: the data source a task's filing is resolved through (null: the configured one). */
@Repository
public class TaskFilingSources {
    private final JdbcTemplate jdbc;

    public TaskFilingSources(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The task's own source, empty when it has none (or there is no such task). */
    public Optional<String> of(TaskId task) {
        return jdbc.queryForList("SELECT filing_source FROM tasks WHERE id = ?", String.class, task.value()).stream()
                .filter(s -> s != null).findFirst();
    }

    /** Records the task's source (before its first run is published). */
    public void record(TaskId task, String source) {
        jdbc.update("UPDATE tasks SET filing_source = ? WHERE id = ?", source, task.value());
    }
}
