package com.aperilex.flow.dev;

import com.aperilex.flow.config.DevProperties;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The dev profile's database: a real PostgreSQL server started in-process from the zonky binaries,
 * bound to 127.0.0.1, its data kept under {@code aperilex.dev.postgres-data-directory}.
 */
@Configuration(proxyBeanMethods = false)
@Profile("dev")
public class EmbeddedPostgresConfiguration {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(DevProperties dev) throws IOException {
        Files.createDirectories(dev.postgresDataDirectory());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dev.postgresDataDirectory().toAbsolutePath())
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100");
        if (dev.postgresPort() > 0) {
            builder.setPort(dev.postgresPort());
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL on 127.0.0.1:{}, data in {}", postgres.getPort(),
                dev.postgresDataDirectory().toAbsolutePath());
        return postgres;
    }

    /** A pooled DataSource; pool settings still come from {@code spring.datasource.hikari.*}. */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPoolName("aperilex-dev");
        return dataSource;
    }
}
