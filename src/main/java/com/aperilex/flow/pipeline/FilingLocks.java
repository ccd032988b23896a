package com.aperilex.flow.pipeline;

import com.aperilex.flow.persistence.FilingRecord;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * One worker at a time per filing, across every process: a PostgreSQL session advisory lock on a
 * connection of its own, held while the filing is fetched, stored and analysed. The others wait, then
 * find the analysis in the pool, so ten users asking at once cause one download and one LLM call. A
 * worker that dies drops its connection and with it the lock.
 */
@Component("filingLocks")
public class FilingLocks {
    private final DataSource dataSource;

    public FilingLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A held lock: the connection that holds it (a session advisory lock lives as long as its session) and
     * its key. The route keeps it in a property until {@link #unlock} gives it back.
     */
    public record FilingLock(Connection connection, long key) {
    }

    /** Waits for the filing's lock and returns it held. */
    public FilingLock lock(@ExchangeProperty("filingRecord") FilingRecord filing) throws SQLException {
        long key = key(filing.id().value());
        Connection connection = dataSource.getConnection();
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, key);
            lock.execute();
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return new FilingLock(connection, key);
    }

    /** Releases the lock and returns its connection to the pool; a lock never taken (null) is nothing to do. */
    public void unlock(@ExchangeProperty("filingLock") FilingLock lock) throws SQLException {
        if (lock == null) {
            return;
        }
        Connection connection = lock.connection();
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, lock.key());
            unlock.execute();
        } catch (SQLException | RuntimeException e) {
            // A pooled connection must not go back still holding the lock: close it for real instead.
            evict(connection);
            throw e;
        } finally {
            connection.close();
        }
    }

    private void evict(Connection connection) {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
            }
        } catch (SQLException e) {
            // Nothing more to do: the pool retires broken connections on its own.
        }
    }

    private static long key(UUID filingId) {
        return filingId.getMostSignificantBits() ^ filingId.getLeastSignificantBits();
    }
}
