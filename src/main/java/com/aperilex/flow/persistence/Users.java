package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.UserId;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code users} rows: one per identity-provider subject, made the first time the subject calls. Every
 * authenticated request needs its user id, so the last known (subject, email) pairs are kept in memory and a
 * request whose pair is known costs no database call; a changed email is written through.
 */
@Repository
public class Users {
    /** Beyond this many subjects the cache starts over: it is a shortcut, not a registry. */
    private static final int MAX_CACHED = 10_000;

    private final JdbcTemplate jdbc;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    private record Known(UserId id, Email email) {
    }

    public Users(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The user id of {@code subject}, its row made now if it has none. Concurrent first calls of one subject
     * meet on the unique subject (INSERT .. ON CONFLICT): all get the same id.
     *
     * @param email the email the subject has now, or null when unknown (a known email is then kept)
     */
    public UserId resolve(String subject, Email email) {
        Objects.requireNonNull(subject, "subject");
        Known cached = known.get(subject);
        if (cached != null && (email == null || email.equals(cached.email()))) {
            return cached.id();
        }
        UUID id = jdbc.queryForObject("""
                INSERT INTO users (id, subject, email) VALUES (?, ?, ?)
                ON CONFLICT (subject) DO UPDATE SET email = COALESCE(EXCLUDED.email, users.email)
                RETURNING id
                """, UUID.class, UUID.randomUUID(), subject, email == null ? null : email.value());
        UserId userId = new UserId(id);
        if (known.size() >= MAX_CACHED) {
            known.clear();
        }
        known.put(subject, new Known(userId, email == null && cached != null ? cached.email() : email));
        return userId;
    }
}
