package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.AuditEntry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Appends rows to the audit log. A call inside a transaction (a tier change, a credit grant, an erasure) writes its
 * row in that transaction, so the action and its record commit together or not at all. The table refuses UPDATE and
 * DELETE (changeset 014's guard) except for the retention purge and a user's erasure.
 */
@Repository
public class AuditLog {
    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public AuditLog(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** Writes the row; its id. */
    public long record(AuditEntry entry) {
        Long id = jdbc.queryForObject("""
                INSERT INTO audit_log (actor_user_id, action, resource, details, ip_address, user_agent, request_id)
                VALUES (?, ?, ?, ?::jsonb, ?, ?, ?) RETURNING id
                """, Long.class,
                entry.actorUserId() == null ? null : entry.actorUserId().value(), entry.action().name(), entry.resource(),
                json(entry), entry.origin().ipAddress(), entry.origin().userAgent(), entry.origin().requestId());
        return id;
    }

    private String json(AuditEntry entry) {
        try {
            return mapper.writeValueAsString(entry.details());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit details always serialise", e);
        }
    }
}
