package com.aperilex.flow.config;

import com.aperilex.flow.domain.TaskLane;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The embedded servers of the {@code dev} profile.
 *
 * @param postgresDataDirectory where the embedded PostgreSQL keeps its data between runs
 * @param postgresPort          port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free one
 * @param postgresSynchronousCommit whether commits wait for the WAL flush (off: a crash may lose the last
 *                              writes, never corrupts)
 * @param sqsPort               port of the in-process SQS-compatible broker (ElasticMQ) on 127.0.0.1; 0 picks
 *                              a free one
 * @param sqsRegion             region name the broker and its clients agree on
 * @param tasksQueuePrefix      the embedded FIFO task queues are {@code <prefix>-<lane>.fifo}, one per priority
 *                              lane (highest, high, standard, low, bulk), each redriving to the dead-letter queue
 *                              after 5 receives; application-dev.yaml's queue URIs name them, so its value is in
 *                              application.yaml
 * @param deadLetterQueue       the embedded FIFO dead-letter queue; application-dev.yaml's queue URIs name it,
 *                              so its value is in application.yaml
 * @param sqsVisibilityTimeout  the task queues' visibility timeout: a message whose processing failed (e.g. the
 *                              database was down) comes back, and unblocks its FIFO group, after this long
 */
@Validated
@ConfigurationProperties(prefix = "aperilex.dev")
public record DevProperties(
        @DefaultValue("./data/postgres") @NotNull Path postgresDataDirectory,
        @DefaultValue("0") @Min(0) @Max(65535) int postgresPort,
        @DefaultValue("false") boolean postgresSynchronousCommit,
        @DefaultValue("0") @Min(0) @Max(65535) int sqsPort,
        @DefaultValue("us-east-1") @NotBlank String sqsRegion,
        @NotBlank String tasksQueuePrefix,
        @NotBlank String deadLetterQueue,
        @DefaultValue("300s") @NotNull Duration sqsVisibilityTimeout) {

    /** The embedded queue of a priority lane. */
    public String tasksQueue(TaskLane lane) {
        return tasksQueuePrefix + "-" + lane.wireName() + ".fifo";
    }
}
