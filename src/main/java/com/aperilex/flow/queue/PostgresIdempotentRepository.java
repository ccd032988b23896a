package com.aperilex.flow.queue;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Camel idempotent repository in PostgreSQL. {@code INSERT ... ON CONFLICT DO NOTHING} makes "add"
 * atomic, so several consumers racing on one key see exactly one winner. Keys older than the
 * window are purged by {@link #purgeExpired()}.
 */
public class PostgresIdempotentRepository extends ServiceSupport implements IdempotentRepository {
    private final JdbcTemplate jdbc;
    private final String processorName;
    private final Duration window;
    private final Clock clock;

    public PostgresIdempotentRepository(JdbcTemplate jdbc, String processorName, Duration window, Clock clock) {
        this.jdbc = jdbc;
        this.processorName = processorName;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public boolean add(String key) {
        return jdbc.update("""
                INSERT INTO idempotent_keys (processor_name, message_key, created_at) VALUES (?, ?, ?)
                ON CONFLICT (processor_name, message_key) DO UPDATE SET created_at = EXCLUDED.created_at
                    WHERE idempotent_keys.created_at < ?
                """, processorName, key, Timestamp.from(clock.instant()),
                Timestamp.from(clock.instant().minus(window))) == 1;
    }

    @Override
    public boolean contains(String key) {
        Integer n = jdbc.queryForObject("""
                SELECT count(*)::int FROM idempotent_keys WHERE processor_name = ? AND message_key = ? AND created_at >= ?
                """, Integer.class, processorName, key, Timestamp.from(clock.instant().minus(window)));
        return n != null && n > 0;
    }

    @Override
    public boolean remove(String key) {
        return jdbc.update("DELETE FROM idempotent_keys WHERE processor_name = ? AND message_key = ?",
                processorName, key) == 1;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        jdbc.update("DELETE FROM idempotent_keys WHERE processor_name = ?", processorName);
    }

    /** Deletes keys older than the window; returns how many. */
    public int purgeExpired() {
        return jdbc.update("DELETE FROM idempotent_keys WHERE processor_name = ? AND created_at < ?",
                processorName, Timestamp.from(clock.instant().minus(window)));
    }
}
