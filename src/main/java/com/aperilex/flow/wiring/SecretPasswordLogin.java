package com.aperilex.flow.wiring;

import com.aperilex.flow.secrets.SecretProvider;
import com.zaxxer.hikari.util.DriverDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The unpooled DataSource under the connection pool when the database password is a secret: every new
 * connection logs in with the secret's current value, so a rotated password is used without a restart (the
 * pool's connections are replaced as they age, aperilex's max-lifetime). A login refused for its password
 * (SQLSTATE 28P01/28000) means the cached value is older than the rotation: the cache is dropped and the login
 * tried once more with the value read afresh. The event hub's LISTEN connection is opened here too.
 */
public final class SecretPasswordLogin implements DataSource {
    private final DriverDataSource driver;
    private final String username;
    private final SecretProvider secrets;
    private final String secretName;

    public SecretPasswordLogin(String jdbcUrl, String driverClassName, String username, SecretProvider secrets,
                               String secretName) {
        this.driver = new DriverDataSource(jdbcUrl, driverClassName, new Properties(), username, null);
        this.username = username;
        this.secrets = secrets;
        this.secretName = secretName;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(username, null);
    }

    /** The pool passes its own (unset) password: the secret's is used instead. */
    @Override
    public Connection getConnection(String user, String ignoredPassword) throws SQLException {
        try {
            return driver.getConnection(user, password());
        } catch (SQLException e) {
            if (!refusedPassword(e)) {
                throw e;
            }
            secrets.invalidate(secretName);
            return driver.getConnection(user, password());
        }
    }

    private String password() throws SQLException {
        return secrets.secret(secretName).orElseThrow(() -> new SQLException(
                "aperilex.database.password-secret names " + secretName + ", which the secret provider does not have",
                "28P01"));
    }

    private static boolean refusedPassword(SQLException e) {
        return "28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState());
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return driver.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        driver.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        driver.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return driver.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return driver.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
