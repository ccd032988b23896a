package com.aperilex.flow.config;

import com.aperilex.flow.storage.StorageProvider;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every tunable of the service under {@code aperilex.*}. Endpoint URIs live here too, so routes refer
 * to them only through placeholders and a profile swaps them without touching a route.
 */
@Validated
@ConfigurationProperties(prefix = "aperilex")
public record AperilexProperties(
        @Valid @NotNull Api api,
        @Valid @NotNull Queue queue,
        @Valid @NotNull Analysis analysis,
        @Valid @NotNull Storage storage) {

    /** REST intake limits and the public base of links returned to callers. */
    public record Api(
            @DefaultValue("64KB") @NotNull DataSize maxBodySize) {
    }

    /**
     * @param tasksUri         endpoint the intake publishes tasks to and the tasks route consumes from
     * @param deadLetterUri    endpoint for messages that cannot be read as tasks
     * @param dedupWindow      how long the same request by the same person maps onto the same task
     * @param dedupPurgeInterval how often expired consumer idempotency keys are deleted
     * @param strandedAfter    a PENDING task this old has lost its publish and is published again
     * @param republishInterval how often stranded tasks are looked for
     * @param republishBatchSize at most this many stranded tasks per sweep
     * @param volatileBroker   the broker forgets messages on restart (the dev in-process broker), so
     *                         QUEUED tasks are published again once after start
     */
    public record Queue(
            @NotBlank String tasksUri,
            @NotBlank String deadLetterUri,
            @DefaultValue("24h") @NotNull Duration dedupWindow,
            @DefaultValue("15m") @NotNull Duration dedupPurgeInterval,
            @DefaultValue("60s") @NotNull Duration strandedAfter,
            @DefaultValue("30s") @NotNull Duration republishInterval,
            @DefaultValue("500") @Min(1) int republishBatchSize,
            @DefaultValue("false") boolean volatileBroker) {
    }

    /**
     * @param validity how long an analysis of "the latest" filing answers new requests
     * @param version  the current analysis version; analyses of older versions are not reused
     */
    public record Analysis(
            @DefaultValue("24h") @NotNull Duration validity,
            @DefaultValue("1") @Min(1) int version) {
    }

    /** Where raw filings and analysis documents are stored. */
    public record Storage(
            @DefaultValue("LOCAL") @NotNull StorageProvider provider,
            @DefaultValue("./data/storage") @NotNull Path localDirectory) {
    }
}
