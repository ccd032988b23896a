package com.aperilex.flow.pipeline;

import com.aperilex.flow.persistence.FilingRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
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
    static final String LOCK_PROPERTY = "AperilexFilingLock";

    private final DataSource dataSource;

    public FilingLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void lock(@ExchangeProperty("filingRecord") FilingRecord filing, Exchange exchange) throws SQLException {
        Connection connection = dataSource.getConnection();
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, key(filing.id().value()));
            lock.execute();
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        exchange.setProperty(LOCK_PROPERTY, connection);
    }

    public void unlock(@ExchangeProperty("filingRecord") FilingRecord filing, Exchange exchange) throws SQLException {
        Connection connection = exchange.getProperty(LOCK_PROPERTY, Connection.class);
        if (connection == null) {
            return;
        }
        exchange.removeProperty(LOCK_PROPERTY);
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, key(filing.id().value()));
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
