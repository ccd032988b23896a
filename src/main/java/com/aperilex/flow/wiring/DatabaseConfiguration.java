package com.aperilex.flow.wiring;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.secrets.SecretProvider;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The database of every profile but dev: a plain PostgreSQL JDBC URL ({@code spring.datasource.url}),
 * which is all Aurora PostgreSQL needs too. The password comes from the secret provider when
 * {@code aperilex.database.password-secret} names one, so it is never written into configuration, and it is
 * read at each login, so a rotation needs no restart ({@link SecretPasswordLogin}).
 */
@Configuration(proxyBeanMethods = false)
@Profile("!dev")
public class DatabaseConfiguration {

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties dataSource, AperilexProperties properties, SecretProvider secrets) {
        return pool(dataSource, properties.database().passwordSecret(), secrets);
    }

    /** The pool; with a password secret, its connections log in through {@link SecretPasswordLogin}. */
    static HikariDataSource pool(DataSourceProperties dataSource, String passwordSecret, SecretProvider secrets) {
        HikariDataSource pool = dataSource.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        if (passwordSecret != null && !passwordSecret.isBlank()) {
            if (secrets.secret(passwordSecret).isEmpty()) {
                throw new IllegalStateException("aperilex.database.password-secret names " + passwordSecret
                        + ", which the secret provider does not have");
            }
            pool.setDataSource(new SecretPasswordLogin(pool.getJdbcUrl(), pool.getDriverClassName(),
                    pool.getUsername(), secrets, passwordSecret));
            pool.setPassword(null);
        }
        pool.setPoolName("aperilex");
        return pool;
    }
}
