package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.TaskId;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What intake decided about a task's filing: tasks.filing_source, the data source it is resolved through (null:
 * the configured one), and tasks.filed_since, the earliest filing date its tier allowed (null: any).
 */
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

    /** The earliest filing date the task's tier allowed, empty when any date was. */
    public Optional<LocalDate> filedSince(TaskId task) {
        return jdbc.queryForList("SELECT filed_since FROM tasks WHERE id = ?", Date.class, task.value()).stream()
                .filter(d -> d != null).findFirst().map(Date::toLocalDate);
    }
}
