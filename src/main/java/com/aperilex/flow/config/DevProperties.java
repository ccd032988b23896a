package com.aperilex.flow.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The embedded servers of the {@code dev} profile.
 *
 * @param postgresDataDirectory where the embedded PostgreSQL keeps its data between runs
 * @param postgresPort          0 picks a free port
 * @param postgresSynchronousCommit whether commits wait for the WAL flush (off by default in dev)
 * @param sqsPort               port of the in-process SQS-compatible broker (ElasticMQ); 0 picks a free one
 * @param sqsRegion             region name the broker and its clients agree on
 */
@Validated
@ConfigurationProperties(prefix = "aperilex.dev")
public record DevProperties(
        @DefaultValue("./data/postgres") @NotNull Path postgresDataDirectory,
        @DefaultValue("0") @Min(0) @Max(65535) int postgresPort,
        @DefaultValue("false") boolean postgresSynchronousCommit,
        @DefaultValue("9324") @Min(0) @Max(65535) int sqsPort,
        @DefaultValue("us-east-1") @NotBlank String sqsRegion,
        @DefaultValue("aperilex-tasks.fifo") @NotBlank String tasksQueue,
        @DefaultValue("aperilex-tasks-dlq.fifo") @NotBlank String deadLetterQueue) {
}
