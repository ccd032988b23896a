package com.aperilex.flow.config;

import com.aperilex.flow.edgar.UserAgentPolicy;
import com.aperilex.flow.storage.StorageProvider;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
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
        @Valid @NotNull Storage storage,
        @Valid @NotNull Worker worker,
        @Valid @NotNull Pipeline pipeline,
        @Valid @NotNull Edgar edgar,
        @Valid @NotNull Llm llm) {

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

    /**
     * @param enabled            whether this process consumes tasks (false: an API-only replica)
     * @param lease              a PROCESSING task not heard of for this long is taken to have lost its
     *                           worker and is retried; every pipeline step renews it
     * @param retrySweepInterval how often tasks due for a retry and expired leases are looked for
     */
    public record Worker(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("15m") @NotNull Duration lease,
            @DefaultValue("2s") @NotNull Duration retrySweepInterval,
            @Valid @NotNull @DefaultValue Retry retry) {
    }

    /** Transient failures retry with exponential back-off and jitter (see RetryPolicy). */
    public record Retry(
            @DefaultValue("5") @Min(1) int maxAttempts,
            @DefaultValue("10s") @NotNull Duration initialBackoff,
            @DefaultValue("10m") @NotNull Duration maxBackoff,
            @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
            @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0") double jitter) {
    }

    /**
     * @param filingSource which data source's routes resolve and fetch filings: the pipeline calls
     *                     {@code direct:<source>-resolve-filing} and {@code direct:<source>-fetch-document}
     */
    public record Pipeline(
            @DefaultValue("edgar") @NotBlank @Pattern(regexp = "[a-z][a-z0-9-]*") String filingSource) {
    }

    /**
     * SEC EDGAR access under SEC's fair-access rules.
     *
     * @param userAgent            "Company Name contact@email"; required, checked at start (UserAgentPolicy)
     * @param maxRequestsPerSecond one budget shared by every worker process (SEC's limit is 10)
     * @param spacingGuard         added to each request's 1/rate spacing so network jitter cannot squeeze
     *                             one more request into a second
     * @param blockBackoff         after a 403 every worker pauses EDGAR calls for this long
     * @param tickerCacheTtl       how long company_tickers.json is kept
     */
    public record Edgar(
            @DefaultValue("https://www.sec.gov") @NotNull URI wwwUrl,
            @DefaultValue("https://data.sec.gov") @NotNull URI dataUrl,
            String userAgent,
            @DefaultValue("8") @Min(1) @Max(10) int maxRequestsPerSecond,
            @DefaultValue("5ms") @NotNull Duration spacingGuard,
            @DefaultValue("10m") @NotNull Duration blockBackoff,
            @DefaultValue("24h") @NotNull Duration tickerCacheTtl,
            @DefaultValue("10000") @Min(1) long connectTimeoutMs,
            @DefaultValue("60000") @Min(1) long responseTimeoutMs) {

        /** No pod may call SEC without declaring who it is: refuse to start instead. */
        public Edgar {
            UserAgentPolicy.problem(userAgent).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
        }
    }

    /**
     * The model that writes the narrative.
     *
     * @param provider         {@code openai} (any OpenAI-compatible API) or {@code none} (no narrative)
     * @param baseUrl          e.g. https://api.openai.com/v1, https://openrouter.ai/api/v1, http://localhost:11434/v1
     * @param apiKeySecret     name of the secret holding the API key, read through the secret provider
     * @param sections         the 10-K items the prompt is built from, in order
     * @param inputTokenBudget upper bound on the prompt's tokens
     * @param prices           US dollars per million tokens, per model id, for the recorded cost estimate
     */
    public record Llm(
            @DefaultValue("none") @NotNull LlmProvider provider,
            URI baseUrl,
            String model,
            @DefaultValue("APERILEX_LLM_API_KEY") @NotBlank String apiKeySecret,
            @DefaultValue("120s") @NotNull Duration timeout,
            @DefaultValue("true") boolean jsonMode,
            @DefaultValue("0.2") double temperature,
            @DefaultValue("2000") @Min(64) int maxOutputTokens,
            @DefaultValue("24000") @Min(1000) int inputTokenBudget,
            @DefaultValue("4.0") @DecimalMin("1.0") double charsPerToken,
            @DefaultValue({"1", "1A", "7", "7A"}) @NotEmpty List<String> sections,
            Map<String, Price> prices) {

        public Llm {
            prices = prices == null ? Map.of() : Map.copyOf(prices);
        }
    }

    public enum LlmProvider { OPENAI, NONE }

    public record Price(@NotNull BigDecimal inputPerMillion, @NotNull BigDecimal outputPerMillion) {
    }
}
