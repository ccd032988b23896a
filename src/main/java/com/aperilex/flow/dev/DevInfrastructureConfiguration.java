package com.aperilex.flow.dev;

import com.aperilex.flow.config.DevProperties;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The dev profile (the default): embedded servers, so one command starts the service on a bare machine. */
@Configuration(proxyBeanMethods = false)
@Profile("dev")
public class DevInfrastructureConfiguration {

    /** Closed after everything that depends on it, Camel included. */
    @Bean(destroyMethod = "close")
    EmbeddedServers embeddedServers(DevProperties dev) {
        return new EmbeddedServers(dev);
    }

    /** A pooled DataSource on the embedded PostgreSQL; pool settings come from {@code spring.datasource.hikari.*}. */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    DataSource dataSource(EmbeddedServers servers) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(servers.postgres().getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPoolName("aperilex-dev");
        return dataSource;
    }

    /** The client the dev queue endpoints name ({@code amazonSQSClient=#devSqsClient}); the servers bean closes it. */
    @Bean(destroyMethod = "")
    SqsClient devSqsClient(EmbeddedServers servers) {
        return servers.sqsClient();
    }
}
