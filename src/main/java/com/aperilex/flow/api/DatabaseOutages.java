package com.aperilex.flow.api;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Whether an error means the database is unreachable or failing for the moment (down, restarting, pool timed
 * out, connection dropped), which callers meet as 503 service-unavailable with a Retry-After, not as an
 * internal error. Programming errors (bad SQL, constraint violations) stay 500.
 */
public final class DatabaseOutages {
    /** Seconds a caller is told to wait: a restart or failover of PostgreSQL takes a few. */
    public static final int RETRY_AFTER_SECONDS = 5;
    public static final String DETAIL = "The database is unavailable; retry after the Retry-After delay.";

    private DatabaseOutages() {
    }

    /** True when {@code error} or one of its causes says the database cannot serve right now. */
    public static boolean causedBy(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException // CannotGetJdbcConnectionException among them
                    || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof SQLTransientException // Hikari's SQLTransientConnectionException: pool timed out
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLException sql && outageState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE classes 08 (connection), 53 (resources), 57 (operator intervention: shutdown), 58 (system). */
    private static boolean outageState(String state) {
        return state != null && state.length() == 5
                && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || state.startsWith("58"));
    }
}
