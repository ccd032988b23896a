package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.TaskId;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What intake decided about a task's filing that its message does not carry (the data source does: the message's
 * filingSource, tasks.filing_source on republish): tasks.filed_since, the earliest filing date its tier allowed.
 */
@Repository
public class TaskFilingSources {
    private final JdbcTemplate jdbc;

    public TaskFilingSources(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The earliest filing date the task's tier allowed, empty when any date was. */
    public Optional<LocalDate> filedSince(TaskId task) {
        return jdbc.queryForList("SELECT filed_since FROM tasks WHERE id = ?", Date.class, task.value()).stream()
                .filter(d -> d != null).findFirst().map(Date::toLocalDate);
    }
}
