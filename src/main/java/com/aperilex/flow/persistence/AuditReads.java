package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.AuditAction;
import com.aperilex.flow.domain.AuditEntry;
import com.aperilex.flow.domain.RequestOrigin;
import com.aperilex.flow.domain.UserId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Pages of the audit log for administrators, newest first. */
@Repository
public class AuditReads {
    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public AuditReads(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /**
     * What to read: rows by or about {@code user} (null: everyone's), written at or after {@code from} and before
     * {@code to} (either null: unbounded), with an id below {@code beforeId} (null: the newest), at most {@code limit}.
     */
    public record Query(UserId user, Instant from, Instant to, Long beforeId, int limit) {
    }

    public List<AuditEntry> page(Query q) {
        UUID user = q.user() == null ? null : q.user().value();
        String about = user == null ? null : "user:" + user;
        return jdbc.query("""
                SELECT id, actor_user_id, action, resource, details::text AS details, ip_address, user_agent, request_id,
                       created_at
                FROM audit_log
                WHERE (?::uuid IS NULL OR actor_user_id = ?::uuid OR resource = ?)
                  AND (?::timestamptz IS NULL OR created_at >= ?::timestamptz)
                  AND (?::timestamptz IS NULL OR created_at < ?::timestamptz)
                  AND (?::bigint IS NULL OR id < ?::bigint)
                ORDER BY id DESC LIMIT ?
                """, this::entry, user, user, about, ts(q.from()), ts(q.from()), ts(q.to()), ts(q.to()),
                q.beforeId(), q.beforeId(), q.limit());
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private AuditEntry entry(ResultSet rs, int row) throws SQLException {
        Object actor = rs.getObject("actor_user_id");
        Map<String, Object> details;
        try {
            details = mapper.readValue(rs.getString("details"), DETAILS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit details are JSON objects", e);
        }
        String requestId = rs.getString("request_id");
        return new AuditEntry(rs.getLong("id"), actor == null ? null : new UserId((UUID) actor),
                AuditAction.valueOf(rs.getString("action")), rs.getString("resource"), details,
                new RequestOrigin(rs.getString("ip_address"), rs.getString("user_agent"), requestId),
                rs.getTimestamp("created_at").toInstant());
    }
}
