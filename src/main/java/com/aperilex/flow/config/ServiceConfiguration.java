package com.aperilex.flow.config;

import com.aperilex.flow.analysis.AnalysisDocumentCodec;
import com.aperilex.flow.secrets.SecretProvider;
import org.springframework.core.env.Environment;
import com.aperilex.flow.intake.AnalysisRequestReader;
import com.aperilex.flow.queue.PostgresIdempotentRepository;
import com.aperilex.flow.queue.TaskMessageCodec;
import com.aperilex.flow.storage.DocumentStorage;
import com.aperilex.flow.storage.LocalFolderStorage;
import com.aperilex.flow.storage.StorageProvider;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the plain-Java processors and the provider chosen for each external service. */
@Configuration(proxyBeanMethods = false)
public class ServiceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    AnalysisRequestReader analysisRequestReader(ObjectMapper mapper) {
        return new AnalysisRequestReader(mapper);
    }

    @Bean
    TaskMessageCodec taskMessageCodec() {
        return new TaskMessageCodec();
    }

    @Bean
    AnalysisDocumentCodec analysisDocumentCodec() {
        return new AnalysisDocumentCodec();
    }

    @Bean
    SecretProvider secretProvider(Environment environment) {
        return new EnvironmentSecretProvider(environment);
    }

    @Bean
    DocumentStorage documentStorage(AperilexProperties properties) {
        StorageProvider provider = properties.storage().provider();
        if (provider == StorageProvider.LOCAL) {
            return new LocalFolderStorage(properties.storage().localDirectory());
        }
        throw new IllegalStateException("aperilex.storage.provider=" + provider
                + " is not available in this build; use LOCAL");
    }

    /** The tasks route's persistent idempotent repository: one task id is processed once. */
    @Bean
    PostgresIdempotentRepository taskIdempotentRepository(JdbcTemplate jdbc, AperilexProperties properties,
                                                          Clock clock) {
        return new PostgresIdempotentRepository(jdbc, "consume-tasks", properties.queue().dedupWindow(), clock);
    }
}
