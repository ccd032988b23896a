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
 * {@code aperilex.database.password-secret} names one, so it is never written into configuration.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!dev")
public class DatabaseConfiguration {

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties dataSource, AperilexProperties properties, SecretProvider secrets) {
        HikariDataSource pool = dataSource.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        String secret = properties.database().passwordSecret();
        if (secret != null && !secret.isBlank()) {
            pool.setPassword(secrets.secret(secret).orElseThrow(() -> new IllegalStateException(
                    "aperilex.database.password-secret names " + secret + ", which the secret provider does not have")));
        }
        pool.setPoolName("aperilex");
        return pool;
    }
}
