package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.TaskLane;
import com.aperilex.flow.observability.LaneBacklog;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What waits in each lane, from the tasks' rows (the same on every broker, and across every replica): the QUEUED
 * tasks and the oldest one's time in the queue.
 */
@Repository
public class QueueBacklog {
    private final JdbcTemplate jdbc;

    public QueueBacklog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every lane's backlog; a lane with nothing queued has 0 and no oldest. */
    public Map<TaskLane, LaneBacklog> byLane() {
        Map<TaskLane, long[]> counts = new EnumMap<>(TaskLane.class);
        Map<TaskLane, Instant> oldest = new EnumMap<>(TaskLane.class);
        jdbc.query("""
                SELECT priority, count(*) AS queued, min(updated_at) AS oldest FROM tasks
                WHERE status = 'QUEUED' GROUP BY priority""", rs -> {
            TaskLane lane = TaskLane.of(rs.getInt("priority"));
            counts.computeIfAbsent(lane, l -> new long[1])[0] += rs.getLong("queued");
            Timestamp at = rs.getTimestamp("oldest");
            if (at != null && (oldest.get(lane) == null || at.toInstant().isBefore(oldest.get(lane)))) {
                oldest.put(lane, at.toInstant());
            }
        });
        Map<TaskLane, LaneBacklog> lanes = new EnumMap<>(TaskLane.class);
        for (TaskLane lane : TaskLane.values()) {
            lanes.put(lane, new LaneBacklog(counts.containsKey(lane) ? counts.get(lane)[0] : 0, oldest.get(lane)));
        }
        return lanes;
    }
}
