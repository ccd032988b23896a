package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.TaskId;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Who a task belongs to, by user id: what a worker's log lines name instead of the message's email. */
@Repository("taskOwners")
public class TaskOwners {
    private final JdbcTemplate jdbc;

    public TaskOwners(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The task's user id, or an empty string for a task without one (made before users existed). */
    public String userOf(TaskId task) {
        List<UUID> users = jdbc.queryForList("SELECT user_id FROM tasks WHERE id = ?", UUID.class, task.value());
        return users.isEmpty() || users.get(0) == null ? "" : users.get(0).toString();
    }
}
