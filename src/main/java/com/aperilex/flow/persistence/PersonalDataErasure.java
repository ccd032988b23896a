package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.AuditAction;
import com.aperilex.flow.domain.AuditEntry;
import com.aperilex.flow.domain.RequestOrigin;
import com.aperilex.flow.domain.UserId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A privacy request's erasure of one user's personal data, in one transaction: the email on the user row and on
 * their tasks, a subject made of the email (auth mode none's {@code email:<address>}), and the client addresses and
 * user agents of the audit rows they made. The user's id, tier, balance, ledger rows and tasks stay (the ledger is a
 * financial record); an audit row records who erased whom. Erasing twice erases nothing more.
 */
@Repository
public class PersonalDataErasure {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final Users users;

    public PersonalDataErasure(JdbcTemplate jdbc, TransactionTemplate tx, AuditLog audit, Users users) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.users = users;
    }

    /** What an erasure changed. */
    public record Erasure(UserId userId, Instant erasedAt, int tasks, int auditRows) {
    }

    /** Erases the user's personal data; empty when there is no such user. */
    public Optional<Erasure> erase(UserId user, UserId actor, RequestOrigin origin, Instant now) {
        Optional<Erasure> erased = tx.execute(status -> {
            List<String> subjects = jdbc.queryForList("SELECT subject FROM users WHERE id = ? FOR UPDATE", String.class,
                    user.value());
            if (subjects.isEmpty()) {
                return Optional.<Erasure>empty();
            }
            String subject = subjects.get(0);
            String newSubject = subject.startsWith("email:") ? "erased:" + user.value() : subject;
            jdbc.update("UPDATE users SET email = NULL, subject = ?, erased_at = ? WHERE id = ?", newSubject,
                    Timestamp.from(now), user.value());
            int tasks = jdbc.update("UPDATE tasks SET email = NULL WHERE user_id = ? AND email IS NOT NULL", user.value());
            jdbc.queryForObject("SELECT set_config('aperilex.erasure', ?, true)", String.class, user.value().toString());
            int rows = jdbc.update("""
                    UPDATE audit_log SET ip_address = NULL, user_agent = NULL
                    WHERE actor_user_id = ? AND (ip_address IS NOT NULL OR user_agent IS NOT NULL)
                    """, user.value());
            jdbc.queryForObject("SELECT set_config('aperilex.erasure', '', true)", String.class);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("tasks", tasks);
            details.put("auditRows", rows);
            audit.record(AuditEntry.of(actor, AuditAction.USER_ERASED, "user:" + user.value(), details, origin));
            return Optional.of(new Erasure(user, now, tasks, rows));
        });
        // This replica stops mapping the old subject (mode none: the email) onto the user at once; others within
        // Users.CACHE_TTL. A later request with the same email in mode none is then a new user.
        users.forget(user);
        return erased;
    }
}
