package com.aperilex.flow.wiring;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.analysis.AnalysisDocumentCodec;
import com.aperilex.flow.secrets.SecretProvider;
import com.aperilex.flow.secrets.EnvironmentSecretProvider;
import org.springframework.core.env.Environment;
import com.aperilex.flow.intake.AnalysisRequestReader;
import com.aperilex.flow.queue.BrokerAcknowledgement;
import com.aperilex.flow.queue.PostgresIdempotentRepository;
import com.aperilex.flow.message.TaskMessageCodec;
import com.aperilex.flow.storage.DocumentStorage;
import com.aperilex.flow.storage.LocalFolderStorage;
import com.aperilex.flow.storage.S3DocumentStorage;
import com.aperilex.flow.aws.AwsClientFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import com.aperilex.flow.secrets.AwsSecretsManagerProvider;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import com.aperilex.flow.storage.ObservedDocumentStorage;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
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
    AnalysisRequestReader analysisRequestReader(ObjectMapper mapper, AperilexProperties properties) {
        // In auth mode none the body's email is the caller's identity, so it is required there.
        return new AnalysisRequestReader(mapper, properties.llm().defaultTier(),
                properties.auth().mode() == AperilexProperties.AuthMode.NONE);
    }

    /** Reads task messages from before tiers (schema versions 1 and 2) as of the default tier. */
    @Bean
    TaskMessageCodec taskMessageCodec(AperilexProperties properties) {
        return new TaskMessageCodec(properties.llm().defaultTier());
    }

    @Bean
    AnalysisDocumentCodec analysisDocumentCodec() {
        return new AnalysisDocumentCodec();
    }

    /** Secrets from the environment (and a .env file) or from AWS Secrets Manager, by aperilex.secrets.provider. */
    @Bean
    SecretProvider secretProvider(Environment environment, AperilexProperties properties, AwsClientFactory aws,
                                  Clock clock) {
        AperilexProperties.Secrets secrets = properties.secrets();
        return switch (secrets.provider()) {
            case ENVIRONMENT -> new EnvironmentSecretProvider(environment);
            case AWS_SECRETS_MANAGER -> new AwsSecretsManagerProvider(
                    aws.build(SecretsManagerClient.builder(), AwsClientFactory.SECRETS_MANAGER), secrets.cacheTtl(), clock);
        };
    }

    /** The configured storage, each operation observed (a span and a timer: ObservedDocumentStorage). */
    @Bean
    DocumentStorage documentStorage(AperilexProperties properties, AwsClientFactory aws,
                                    ObjectProvider<ObservationRegistry> observations) {
        AperilexProperties.Storage storage = properties.storage();
        DocumentStorage store = switch (storage.provider()) {
            case LOCAL -> new LocalFolderStorage(storage.localDirectory());
            case S3 -> new S3DocumentStorage(aws.build(S3Client.builder()
                    .forcePathStyle(storage.s3().pathStyle()), AwsClientFactory.S3), storage.s3());
        };
        return new ObservedDocumentStorage(store, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    /** Acks RabbitMQ deliveries once their task's work has committed (see consume-tasks). */
    @Bean
    BrokerAcknowledgement brokerAcknowledgement(AperilexProperties properties) {
        return new BrokerAcknowledgement(properties.queue().redeliveryDelay());
    }

    /**
     * The consume-tasks route's persistent idempotent repository, keyed by the task message's run key (the task id,
     * {@code -attempt} added on a retry): each run of a task is processed once, while a retry is a new run. A key
     * older than aperilex.queue.dedup-window no longer counts (and purge-idempotent-keys deletes it).
     */
    @Bean
    PostgresIdempotentRepository taskIdempotentRepository(JdbcTemplate jdbc, AperilexProperties properties,
                                                          Clock clock) {
        return new PostgresIdempotentRepository(jdbc, "consume-tasks", properties.queue().dedupWindow(), clock);
    }
}
