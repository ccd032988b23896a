package com.aperilex.flow.config;

import com.aperilex.flow.domain.UserAgentPolicy;
import com.aperilex.flow.domain.StorageProvider;
import com.aperilex.flow.domain.ModelTier;
import com.aperilex.flow.domain.TierPolicy;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.Universe;
import com.aperilex.flow.domain.UserTier;
import java.util.EnumSet;
import java.util.Set;
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
 *
 * <p>A default is defined once: in a {@code @DefaultValue} here, which RecordDefaultProperties also
 * publishes into the Spring Environment so route placeholders see it; or, for a key the packaged routes
 * or an endpoint URI read as a placeholder ({@code {{aperilex.worker.enabled}}}, {@code ${aperilex.queue.consumers}}),
 * in {@code application.yaml}, because ProfileEquivalenceTest resolves those placeholders from the YAML
 * files alone. Such components carry no {@code @DefaultValue} (and are boxed, so the metadata shows no
 * invented 0 or false). The {@code @param} tags are the descriptions of the generated configuration
 * metadata and of {@code docs/configuration.md} ({@code ConfigurationDocsTest}).
 *
 * @param api      REST intake limits
 * @param queue    the task queue: its endpoints, deduplication, consumers and redelivery
 * @param analysis when an analysis in the global pool answers a request
 * @param storage  where raw filings and analysis documents are stored
 * @param worker   task consumption, leases and retries
 * @param pipeline the worker pipeline's data source
 * @param edgar    SEC EDGAR access under SEC's fair-access rules
 * @param llm      the model that writes the narrative
 * @param secrets  where secrets are read from
 * @param database the database password as a secret
 * @param aws      the AWS SDK clients
 * @param events   live task notifications
 * @param auth     who the callers are: bearer tokens of an OIDC identity provider, or none (dev)
 * @param tiers    the commercial tiers: limits, data access, fees, credits and queue priority
 * @param accounts new users' tier and the monthly credit grant
 * @param limits   request limits for callers without an account
 * @param universes the company lists the tiers' universes name
 * @param logging  the log lines' format
 * @param retention how long finished tasks and audit rows are kept
 * @param imports  bulk imports (POST /api/v1/imports): their resolution into bulk-lane tasks
 * @param demo     the demo prefill: the S&amp;P 500's recent filings analysed ahead, for DEMO users' instant answers
 */
@Validated
@ConfigurationProperties(prefix = "aperilex")
public record AperilexProperties(
        @Valid @NotNull @DefaultValue Api api,
        @Valid @NotNull @DefaultValue Queue queue,
        @Valid @NotNull @DefaultValue Analysis analysis,
        @Valid @NotNull @DefaultValue Storage storage,
        @Valid @NotNull @DefaultValue Worker worker,
        @Valid @NotNull @DefaultValue Pipeline pipeline,
        @Valid @NotNull @DefaultValue Edgar edgar,
        @Valid @NotNull @DefaultValue Llm llm,
        @Valid @NotNull @DefaultValue Secrets secrets,
        @Valid @NotNull @DefaultValue Database database,
        @Valid @NotNull @DefaultValue Aws aws,
        @Valid @NotNull @DefaultValue Events events,
        @Valid @NotNull @DefaultValue Auth auth,
        @Valid @NotNull @DefaultValue UserTiers tiers,
        @Valid @NotNull @DefaultValue Accounts accounts,
        @Valid @NotNull @DefaultValue Limits limits,
        @Valid @NotNull @DefaultValue Universes universes,
        @Valid @NotNull @DefaultValue Logging logging,
        @Valid @NotNull @DefaultValue Retention retention,
        @Valid @NotNull @DefaultValue Imports imports,
        @Valid @NotNull @DefaultValue DemoOptions demo) {

    /**
     * Bulk imports: the resolve-imports route (any replica) leases one company of an open import at a time, reads its
     * submissions once through the shared SEC budget, and turns each new filing into a task in the bulk lane.
     *
     * @param resolutionEnabled whether this replica runs the resolve-imports route (any number of replicas may: they
     *                        lease companies one at a time)
     * @param resolveInterval how often each replica's resolve-imports route looks for a company to resolve (it resolves
     *                        companies back to back while there are some)
     * @param lease           a company leased by a replica is taken over by another after this long without an
     *                        answer (the replica died mid-company); its tasks are made once either way
     * @param maxOpenTasks    at most this many open tasks per import at once: resolution waits while an import has
     *                        more, so the queue, the database and memory stay flat however large the import
     * @param maxAttempts     a company whose SEC requests fail transiently this many times is FAILED EDGAR_UNAVAILABLE
     * @param retryDelay      how long a company waits after a transient failure before it is leased again
     * @param dedupWindow     the same import request from the same owner within this window returns the same import
     */
    public record Imports(
            @NotNull Boolean resolutionEnabled,
            @NotNull Duration resolveInterval,
            @DefaultValue("2m") @NotNull Duration lease,
            @DefaultValue("200") @Min(1) @Max(100000) int maxOpenTasks,
            @DefaultValue("5") @Min(1) int maxAttempts,
            @DefaultValue("30s") @NotNull Duration retryDelay,
            @DefaultValue("24h") @NotNull Duration dedupWindow) {
    }

    /**
     * The demo experience.
     *
     * @param prefill the demo prefill: an import owned by the system, paid by the business
     */
    public record DemoOptions(@Valid @NotNull @DefaultValue Prefill prefill) {
    }

    /**
     * The demo prefill: on its schedule, an import of the universe's filings of the last {@code years} years, owned by
     * the system (its LLM cost is recorded and counts against the daily LLM budget; no user pays). It skips what the
     * pool holds and, being an import, resumes after a restart where it left off.
     *
     * @param enabled       whether the prefill runs (false on dev, true in the chart's aws values)
     * @param schedule      when a prefill starts (Spring cron: second minute hour day month weekday, UTC); one per
     *                      schedule slot across all replicas
     * @param checkInterval how often the demo-prefill route checks whether the schedule is due
     * @param universe      the companies
     * @param years         filings of this many years back from the day it starts
     * @param formTypes     the forms
     * @param modelTier     the model tier it analyses at (DEMO users' requests are answered at the default tier,
     *                      small); with aperilex.llm.provider none the analyses are facts-only
     */
    public record Prefill(
            @NotNull Boolean enabled,
            @DefaultValue("0 0 3 * * *") @NotBlank String schedule,
            @NotNull Duration checkInterval,
            @DefaultValue("SP500") @NotNull Universe universe,
            @DefaultValue("2") @Min(1) @Max(30) int years,
            @DefaultValue({"10-K", "10-Q"}) @NotEmpty List<String> formTypes,
            @DefaultValue("small") @NotNull ModelTier modelTier) {
        public Prefill {
            if (schedule != null && !org.springframework.scheduling.support.CronExpression.isValidExpression(schedule)) {
                throw new IllegalArgumentException("aperilex.demo.prefill.schedule is not a cron expression: " + schedule);
            }
        }

        /** The forms, as EDGAR names them. */
        public Set<FormType> forms() {
            return parseFormTypes(formTypes);
        }
    }

    /**
     * How long records are kept: the purge-expired-records route deletes older ones, in batches, on any replica.
     * Idempotency keys and rate-limit counters have purges of their own (aperilex.queue.dedup-window,
     * aperilex.limits.window-purge-after); the ledger is never purged.
     *
     * @param tasks         finished tasks (COMPLETED, FAILED, CANCELLED), with their transitions, dedup entries and
     *                      settled reservations, this long after their last change; their ledger rows stay
     * @param audit         audit rows, this long after they were written (7 years, the financial-records norm); at
     *                      least 30 days, as the table refuses to delete younger rows
     * @param purgeInterval how often purge-expired-records runs
     * @param batchSize     rows deleted per transaction
     * @param maxBatches    at most this many batches of each kind per run, so one run never holds the database long
     */
    public record Retention(
            @DefaultValue("400d") @NotNull Duration tasks,
            @DefaultValue("2557d") @NotNull Duration audit,
            @NotNull Duration purgeInterval,
            @DefaultValue("1000") @Min(1) @Max(100000) int batchSize,
            @DefaultValue("100") @Min(1) int maxBatches) {
        public Retention {
            if (audit != null && audit.compareTo(Duration.ofDays(30)) < 0) {
                throw new IllegalArgumentException("aperilex.retention.audit must be at least 30 days (the audit_log "
                        + "table refuses to delete younger rows), not " + audit);
            }
        }
    }

    /**
     * The log lines' format. Every line about a task carries taskId, traceId, spanId and userId (never an email).
     *
     * @param format {@code text} (readable lines, the dev default), {@code ecs} (Elastic Common Schema JSON, one
     *               object per line: local and aws), {@code logstash} or {@code gelf} (Spring Boot's structured
     *               console formats)
     */
    public record Logging(@DefaultValue("text") @NotNull LogFormat format) {
    }

    /** A log format: readable text or one of Spring Boot's structured JSON formats. */
    public enum LogFormat {
        TEXT, ECS, LOGSTASH, GELF
    }

    /**
     * Accounts: the tier a new user starts at (with that tier's monthly credits granted at creation) and the
     * scheduled grant of monthly credits on each user's reset date.
     *
     * @param defaultTier          the tier of a user seen for the first time
     * @param monthlyCreditInterval how often the grant-monthly-credits route looks for users whose reset date has
     *                             come (each user's grant happens once per month, on any replica, exactly once)
     * @param monthlyCreditBatch   at most this many users are granted per run of the route
     */
    public record Accounts(
            @NotNull UserTier defaultTier,
            @NotNull Duration monthlyCreditInterval,
            @DefaultValue("500") @Min(1) int monthlyCreditBatch) {
    }

    /**
     * Request limits beyond the tiers' own: callers without a verified identity are limited by client address too.
     *
     * @param anonymousRequestsPerHour requests per hour from one client address, for callers whose identity no token
     *                                 vouches for (no account, or auth mode none, where the body's email is only a
     *                                 claim): counted besides the user's own tier windows
     * @param anonymousRequestsPerDay  requests per day from one client address, for the same callers
     * @param windowPurgeAfter         rate-limit counters older than this are removed
     * @param windowPurgeInterval      how often the purge-rate-limit-windows route removes them
     */
    public record Limits(
            @DefaultValue("300") @Min(1) int anonymousRequestsPerHour,
            @DefaultValue("3000") @Min(1) int anonymousRequestsPerDay,
            @DefaultValue("2d") @NotNull Duration windowPurgeAfter,
            @NotNull Duration windowPurgeInterval) {
    }

    /**
     * The company lists behind {@link Universe}: CSV files with a {@code CIK} column (and {@code Symbol}), as
     * Spring resource locations. {@code ALL} needs none.
     *
     * @param sp500       the S&P 500 constituents (the shipped copy is dated in data/universe/README.md)
     * @param russell1000 the Russell 1000 constituents; the shipped file is empty, which means not restricted yet
     */
    public record Universes(
            @DefaultValue("classpath:universe/sp500.csv") @NotBlank String sp500,
            @DefaultValue("classpath:universe/russell1000.csv") @NotBlank String russell1000) {
    }

    /**
     * The commercial tiers ({@link UserTier}), each under {@code aperilex.tiers.<tier>}, e.g.
     * {@code aperilex.tiers.basic.requests-per-hour}. The defaults are the owner's plan.
     *
     * @param demo         free, from the pre-fetched pool only
     * @param basic        the entry paid tier
     * @param professional the larger paid tier
     * @param enterprise   unlimited; fees zero unless configured
     */
    public record UserTiers(
            @Valid @NotNull @DefaultValue Demo demo,
            @Valid @NotNull @DefaultValue Basic basic,
            @Valid @NotNull @DefaultValue Professional professional,
            @Valid @NotNull @DefaultValue Enterprise enterprise) {

        public TierPolicy policy(UserTier tier) {
            return switch (tier) {
                case DEMO -> demo.policy();
                case BASIC -> basic.policy();
                case PROFESSIONAL -> professional.policy();
                case ENTERPRISE -> enterprise.policy();
            };
        }
    }

    /**
     * The DEMO tier. Each tier has the same keys: requests-per-hour, requests-per-day (absent: unlimited),
     * concurrent-analyses (open tasks at once; absent: unlimited), max-history-years (how old a filing may be;
     * absent: any), universe, form-types (the forms it may ask for, as EDGAR names them; empty: every form),
     * filing-access-fee-usd (once per user per filing), analysis-fee-usd (only from the request whose task made
     * a new analysis), bulk-import-fee-usd-per-100, max-import-filings (the most filings one bulk import may hold;
     * 0: no imports), monthly-credits-usd (granted at creation and monthly), priority (0 highest .. 9: its tasks'
     * queue lane).
     */
    public record Demo(
            @DefaultValue("10") @Min(0) Integer requestsPerHour,
            @DefaultValue("50") @Min(0) Integer requestsPerDay,
            @DefaultValue("1") @Min(0) Integer concurrentAnalyses,
            @DefaultValue("2") @Min(0) Integer maxHistoryYears,
            @DefaultValue("SP500") @NotNull Universe universe,
            @DefaultValue({"10-K", "10-Q"}) List<String> formTypes,
            @DefaultValue("0") @NotNull @DecimalMin("0") BigDecimal filingAccessFeeUsd,
            @DefaultValue("0.02") @NotNull @DecimalMin("0") BigDecimal analysisFeeUsd,
            @DefaultValue("0") @NotNull @DecimalMin("0") BigDecimal bulkImportFeeUsdPer100,
            @DefaultValue("0") @Min(0) Integer maxImportFilings,
            @DefaultValue("0") @NotNull @DecimalMin("0") BigDecimal monthlyCreditsUsd,
            @DefaultValue("6") @Min(0) @Max(9) int priority) {
        TierPolicy policy() {
            return new TierPolicy(UserTier.DEMO, requestsPerHour, requestsPerDay, concurrentAnalyses, maxHistoryYears,
                    universe, AperilexProperties.parseFormTypes(formTypes), filingAccessFeeUsd, analysisFeeUsd, bulkImportFeeUsdPer100, maxImportFilings,
                    monthlyCreditsUsd, priority);
        }
    }

    /** The BASIC tier (keys as {@link Demo}). */
    public record Basic(
            @DefaultValue("100") @Min(0) Integer requestsPerHour,
            @DefaultValue("1000") @Min(0) Integer requestsPerDay,
            @DefaultValue("3") @Min(0) Integer concurrentAnalyses,
            @DefaultValue("5") @Min(0) Integer maxHistoryYears,
            @DefaultValue("RUSSELL1000") @NotNull Universe universe,
            List<String> formTypes,
            @DefaultValue("0.10") @NotNull @DecimalMin("0") BigDecimal filingAccessFeeUsd,
            @DefaultValue("0.02") @NotNull @DecimalMin("0") BigDecimal analysisFeeUsd,
            @DefaultValue("5") @NotNull @DecimalMin("0") BigDecimal bulkImportFeeUsdPer100,
            @DefaultValue("1000") @Min(0) Integer maxImportFilings,
            @DefaultValue("5") @NotNull @DecimalMin("0") BigDecimal monthlyCreditsUsd,
            @DefaultValue("4") @Min(0) @Max(9) int priority) {
        TierPolicy policy() {
            return new TierPolicy(UserTier.BASIC, requestsPerHour, requestsPerDay, concurrentAnalyses, maxHistoryYears,
                    universe, AperilexProperties.parseFormTypes(formTypes), filingAccessFeeUsd, analysisFeeUsd, bulkImportFeeUsdPer100, maxImportFilings,
                    monthlyCreditsUsd, priority);
        }
    }

    /** The PROFESSIONAL tier (keys as {@link Demo}); $20 per 1,000 bulk filings is 2 per 100. */
    public record Professional(
            @DefaultValue("1000") @Min(0) Integer requestsPerHour,
            @DefaultValue("10000") @Min(0) Integer requestsPerDay,
            @DefaultValue("10") @Min(0) Integer concurrentAnalyses,
            @DefaultValue("10") @Min(0) Integer maxHistoryYears,
            @DefaultValue("ALL") @NotNull Universe universe,
            List<String> formTypes,
            @DefaultValue("0.05") @NotNull @DecimalMin("0") BigDecimal filingAccessFeeUsd,
            @DefaultValue("0.015") @NotNull @DecimalMin("0") BigDecimal analysisFeeUsd,
            @DefaultValue("2") @NotNull @DecimalMin("0") BigDecimal bulkImportFeeUsdPer100,
            @DefaultValue("10000") @Min(0) Integer maxImportFilings,
            @DefaultValue("25") @NotNull @DecimalMin("0") BigDecimal monthlyCreditsUsd,
            @DefaultValue("2") @Min(0) @Max(9) int priority) {
        TierPolicy policy() {
            return new TierPolicy(UserTier.PROFESSIONAL, requestsPerHour, requestsPerDay, concurrentAnalyses,
                    maxHistoryYears, universe, AperilexProperties.parseFormTypes(formTypes), filingAccessFeeUsd, analysisFeeUsd,
                    bulkImportFeeUsdPer100, maxImportFilings, monthlyCreditsUsd, priority);
        }
    }

    /** The ENTERPRISE tier (keys as {@link Demo}): no limit unless configured, fees zero. */
    public record Enterprise(
            @Min(0) Integer requestsPerHour,
            @Min(0) Integer requestsPerDay,
            @Min(0) Integer concurrentAnalyses,
            @Min(0) Integer maxHistoryYears,
            @DefaultValue("ALL") @NotNull Universe universe,
            List<String> formTypes,
            @DefaultValue("0") @NotNull @DecimalMin("0") BigDecimal filingAccessFeeUsd,
            @DefaultValue("0") @NotNull @DecimalMin("0") BigDecimal analysisFeeUsd,
            @DefaultValue("0") @NotNull @DecimalMin("0") BigDecimal bulkImportFeeUsdPer100,
            @Min(0) Integer maxImportFilings,
            @DefaultValue("0") @NotNull @DecimalMin("0") BigDecimal monthlyCreditsUsd,
            @DefaultValue("0") @Min(0) @Max(9) int priority) {
        TierPolicy policy() {
            return new TierPolicy(UserTier.ENTERPRISE, requestsPerHour, requestsPerDay, concurrentAnalyses,
                    maxHistoryYears, universe, AperilexProperties.parseFormTypes(formTypes), filingAccessFeeUsd, analysisFeeUsd,
                    bulkImportFeeUsdPer100, maxImportFilings, monthlyCreditsUsd, priority);
        }
    }

    /** Form types as EDGAR names them ("10-K", "DEF 14A"); an unknown name fails start-up with the allowed ones. */
    static Set<FormType> parseFormTypes(List<String> names) {
        if (names == null || names.isEmpty()) {
            return Set.of();
        }
        Set<FormType> forms = EnumSet.noneOf(FormType.class);
        for (String name : names) {
            forms.add(FormType.fromEdgarName(name.trim()));
        }
        return forms;
    }

    /**
     * Who the callers are (SecurityConfiguration). In mode {@code jwt} every /api/v1 call carries a bearer token of
     * the identity provider (Cognito, Clerk, Auth0, Keycloak...), validated against its keys (JWKS, found by OIDC
     * discovery from {@code issuerUri} or given as {@code jwkSetUri}), issuer and {@code audience}; the caller is
     * the token's subject. In mode {@code none} (the dev profile only) the body's email is the identity and
     * every read is open; the service warns at start.
     *
     * @param mode               {@code jwt} (bearer tokens) or {@code none} (trust the body's email; dev only)
     * @param issuerUri          the identity provider's issuer: its OIDC discovery document gives the JWKS, and
     *                           tokens must carry it as {@code iss} (jwt: this or {@code jwkSetUri} is required)
     * @param jwkSetUri          the identity provider's JWKS, when it has no discovery document (with
     *                           {@code issuerUri} too, the issuer is still checked)
     * @param audience           the value the tokens' {@code aud} must hold (required in mode jwt; Cognito access
     *                           tokens carry the app client id in {@code client_id}, so use ID tokens there)
     * @param subjectClaim       the claim naming the user (stable and unique at the provider)
     * @param emailClaim         the claim holding the user's email
     * @param emailVerifiedClaim when a token carries this claim it must be true, or the token is refused (401)
     * @param adminClaim         a claim (a list such as {@code groups}, or a space-separated string) that makes an
     *                           administrator when it holds {@code adminClaimValue}; empty: no claim does
     * @param adminClaimValue    the value of {@code adminClaim} that makes an administrator
     * @param adminEmails        callers with one of these emails are administrators (the way to be one in mode
     *                           none; none by default): administrators may read every task
     */
    public record Auth(
            @DefaultValue("jwt") @NotNull AuthMode mode,
            URI issuerUri,
            URI jwkSetUri,
            String audience,
            @DefaultValue("sub") @NotBlank String subjectClaim,
            @DefaultValue("email") @NotBlank String emailClaim,
            @DefaultValue("email_verified") @NotBlank String emailVerifiedClaim,
            @DefaultValue("groups") String adminClaim,
            @DefaultValue("aperilex-admin") @NotBlank String adminClaimValue,
            List<String> adminEmails,
            @DefaultValue("false") boolean allowInsecure) {
    }

    public enum AuthMode { JWT, NONE }

    /**
     * Live notifications: event streams of tasks and imports (GET /api/v1/tasks/{id}/events,
     * /api/v1/imports/{id}/events) and the long-poll of GET /api/v1/tasks/{id}.
     *
     * @param maxStreams           open event streams (tasks' and imports' together) per replica; more get 503
     *                             too-many-streams
     * @param maxStreamsPerUser    open event streams (tasks' and imports' together) per user (or client address) on a
     *                             replica; more get 429
     * @param maxLongPolls         task long-polls ({@code waitSeconds}) held per replica; more get 429
     * @param maxLongPollsPerUser  task long-polls held per user (or client address) on a replica; more get 429
     * @param heartbeat            a comment this often keeps idle streams open through proxies
     * @param streamTimeout        a stream is closed after this long (the client resumes with Last-Event-ID)
     * @param pollInterval         how often an import's stream reads the import (it sends only what changed)
     * @param senderThreads        threads that write events to clients (each stream is written by one at a time)
     * @param tokenTtl             how long the stream token in a 202's {@code eventsUrl} opens the task's stream
     * @param tokenSecret          name of the secret holding the stream tokens' HMAC key (at least 32 bytes), read
     *                             through the secret provider; required, except on the dev profile, where a random
     *                             key is made at start when the secret is unset
     */
    public record Events(
            @DefaultValue("2000") @Min(1) int maxStreams,
            @DefaultValue("10") @Min(1) int maxStreamsPerUser,
            @DefaultValue("2000") @Min(1) int maxLongPolls,
            @DefaultValue("10") @Min(1) int maxLongPollsPerUser,
            @DefaultValue("15s") @NotNull Duration heartbeat,
            @DefaultValue("30m") @NotNull Duration streamTimeout,
            @DefaultValue("1s") @NotNull Duration pollInterval,
            @DefaultValue("8") @Min(1) int senderThreads,
            @DefaultValue("10m") @NotNull Duration tokenTtl,
            @DefaultValue("APERILEX_EVENTS_TOKEN_KEY") @NotBlank String tokenSecret) {
    }

    /**
     * REST intake limits. Links returned to callers are relative paths ({@code /api/v1/tasks/{id}}).
     *
     * @param maxBodySize request bodies above this get 413, on every path; Tomcat holds the same cap below the
     *                    filters (and for its form parsing and the unread rest of a refused body)
     * @param cors        which browser origins may call the API
     */
    public record Api(
            @DefaultValue("64KB") @NotNull DataSize maxBodySize,
            @Valid @NotNull @DefaultValue Cors cors) {
    }

    /**
     * Cross-origin calls from browser apps (CORS), for {@code /api/**}: methods GET, POST, DELETE, OPTIONS;
     * request headers Authorization, Content-Type, Last-Event-ID; Location, Retry-After and RateLimit-* exposed.
     *
     * @param allowedOrigins origins such as https://app.example.com (scheme, host, port: no path); empty: same
     *                       origin only. Never {@code *}: every web site could then drive the API with its
     *                       visitors' tokens, so the service refuses to start with it
     * @param maxAge         how long a browser may cache a preflight's answer
     */
    public record Cors(
            List<String> allowedOrigins,
            @DefaultValue("1h") @NotNull Duration maxAge) {

        public Cors {
            // Unset: none (the default is no list at all rather than an empty one, for the metadata's sake).
            allowedOrigins = List.copyOf(allowedOrigins == null ? List.of() : allowedOrigins);
            for (String origin : allowedOrigins) {
                if (origin.contains("*")) {
                    throw new IllegalArgumentException("aperilex.api.cors.allowed-origins must name each origin "
                            + "(e.g. https://app.example.com); '" + origin + "' would let any web site call the API");
                }
                if (!origin.matches("https?://[^/?#\\s]+")) {
                    throw new IllegalArgumentException("aperilex.api.cors.allowed-origins: '" + origin
                            + "' is not an origin (scheme://host[:port], no path)");
                }
            }
        }
    }

    /**
     * The task queue. Its endpoint URIs are set by each profile's YAML file; the keys the routes and
     * those URIs read as placeholders are defined in application.yaml.
     *
     * @param lanes            the priority lanes' endpoints: the intake publishes a task to its priority's lane,
     *                         a worker consumes every lane (required: each profile's YAML file sets them all)
     * @param maxLanePasses    a worker gives a freed slot to the highest lane with a task waiting, but after this
     *                         many such grants in a row the lane passed over longest (at least this often) gets one:
     *                         the lowest lane never starves (see WorkerSlots)
     * @param deadLetterUri    endpoint for messages that cannot be read as tasks, with their reason in
     *                         the AperilexDeadLetterReason header (required: each profile's YAML file sets it)
     * @param dedupWindow      how long the same request by the same person maps onto the same task; also
     *                         the lifetime of the consumer's idempotency keys
     * @param dedupPurgeInterval how often expired consumer idempotency keys are deleted
     * @param strandedAfter    a PENDING task this old has lost its publish and is published again
     * @param queuedExpiry     a task QUEUED this long without a worker taking it (its message was dead-lettered or
     *                         lost by the broker) is failed QUEUE_UNAVAILABLE by the expire-queued-tasks route: its
     *                         reservation is released, its place under the open-task cap and its dedup key freed
     * @param republishInterval how often stranded tasks are looked for
     * @param republishBatchSize at most this many stranded tasks per sweep
     * @param volatileBroker   the broker forgets messages on restart (the dev in-process broker), so
     *                         QUEUED tasks are published again once after start
     * @param redeliveryDelay  a RabbitMQ message whose processing failed goes back to the queue after this
     * @param consumers        tasks a worker process runs at once, over all lanes; each lane's endpoint has this
     *                         many concurrent consumers (endpoint URIs use it), which share as many slots
     * @param prefetch         messages a consumer holds at once: RabbitMQ prefetch, SQS messages per poll (a held
     *                         message may wait at the worker-slot gate, hidden from other workers)
     * @param maxDeliveries    a message delivered this often without being processed is dead-lettered
     *                         (RabbitMQ queue's delivery limit; on SQS the redrive policy's maxReceiveCount)
     * @param visibilityTimeoutSeconds SQS: a received message stays hidden this long, and the consumer
     *                         keeps extending it while the task runs, so a long LLM call is not redelivered
     */
    public record Queue(
            @Valid @NotNull Lanes lanes,
            @DefaultValue("4") @Min(1) int maxLanePasses,
            @NotBlank String deadLetterUri,
            @DefaultValue("24h") @NotNull Duration dedupWindow,
            @NotNull Duration dedupPurgeInterval,
            @DefaultValue("60s") @NotNull Duration strandedAfter,
            @DefaultValue("24h") @NotNull Duration queuedExpiry,
            @NotNull Duration republishInterval,
            @DefaultValue("500") @Min(1) int republishBatchSize,
            @DefaultValue("false") boolean volatileBroker,
            @DefaultValue("1s") @NotNull Duration redeliveryDelay,
            @NotNull @Min(1) Integer consumers,
            @NotNull @Min(1) @Max(10) Integer prefetch,
            @NotNull @Min(1) Integer maxDeliveries,
            @NotNull @Min(10) @Max(43200) Integer visibilityTimeoutSeconds) {
    }

    /**
     * The task queue's priority lanes (com.aperilex.flow.domain.TaskLane), highest first: one queue each.
     *
     * @param highest priorities 0 and 1 (ENTERPRISE by default)
     * @param high    priorities 2 and 3 (PROFESSIONAL by default)
     * @param standard priorities 4 and 5 (BASIC by default, and task messages from before priorities)
     * @param low     priorities 6 to 8 (DEMO by default)
     * @param bulk    priority 9 (bulk work, below every interactive request)
     */
    public record Lanes(
            @Valid @NotNull Lane highest,
            @Valid @NotNull Lane high,
            @Valid @NotNull Lane standard,
            @Valid @NotNull Lane low,
            @Valid @NotNull Lane bulk) {
    }

    /**
     * One priority lane of the task queue.
     *
     * @param uri endpoint of the lane's queue: publish-task sends the lane's tasks there, a consume-tasks route
     *            consumes it (required: each profile's YAML file sets it)
     */
    public record Lane(@NotBlank String uri) {
    }

    /**
     * @param validity    how long an analysis of "the latest" filing answers new requests
     * @param version     the current analysis version; analyses of older versions are not reused (2: every
     *                    form's sections make its prompt; version 1 narrated 10-Ks only)
     * @param failureHold how long a filing's permanently failed analysis is the answer to new requests too
     *                    (every task asked before the failure gets it within the validity window); after it,
     *                    a new request makes a fresh attempt, so an outage does not refuse a filing all day
     * @param orphanSweepInterval how often stored analysis documents that no analysis row references are
     *                    looked for and removed (the sweep-orphan-analyses route reads it)
     * @param orphanGrace an unreferenced analysis document is removed only once it is this old, so a document
     *                    just stored, whose row is not yet written, is never taken
     */
    public record Analysis(
            @DefaultValue("24h") @NotNull Duration validity,
            @DefaultValue("2") @Min(1) int version,
            @DefaultValue("10m") @NotNull Duration failureHold,
            @NotNull Duration orphanSweepInterval,
            @DefaultValue("24h") @NotNull Duration orphanGrace) {
    }

    /**
     * Where raw filings and analysis documents are stored.
     *
     * @param provider       {@code LOCAL} (a folder) or {@code S3}
     * @param localDirectory folder of the {@code LOCAL} provider
     * @param s3             the bucket of the {@code S3} provider
     */
    public record Storage(
            @DefaultValue("LOCAL") @NotNull StorageProvider provider,
            @DefaultValue("./data/storage") @NotNull Path localDirectory,
            @Valid @NotNull @DefaultValue S3 s3) {
    }

    /**
     * Documents in an S3 bucket (provider S3); the client's region, endpoint and credentials come from
     * {@code aperilex.aws.*}.
     *
     * @param bucket               the bucket; required with provider S3
     * @param prefix               prepended to every key, e.g. {@code aperilex/}; empty for none
     * @param pathStyle            path-style addressing, which S3-compatible servers (MinIO, s3proxy) need
     * @param serverSideEncryption requested on every write: {@code AES256} or {@code aws:kms}; {@code NONE}
     *                             only for servers that reject the header
     * @param kmsKeyId             the KMS key for {@code aws:kms}; empty for the bucket's default key
     */
    public record S3(
            String bucket,
            @DefaultValue("") @NotNull @Pattern(regexp = "|[A-Za-z0-9._/-]*/") String prefix,
            @DefaultValue("false") boolean pathStyle,
            @DefaultValue("AES256") @NotNull @Pattern(regexp = "AES256|aws:kms|NONE") String serverSideEncryption,
            String kmsKeyId) {
    }

    /**
     * Where secrets (the LLM API key, the database password) are read from.
     *
     * @param provider {@code environment}: environment variables, system properties and a {@code .env}
     *                 file in the working directory; {@code aws-secrets-manager}: AWS Secrets Manager
     * @param cacheTtl how long a secret read from Secrets Manager is kept before it is read again, so a
     *                 rotated secret is picked up without a restart
     */
    public record Secrets(
            @DefaultValue("environment") @NotNull SecretsProvider provider,
            @DefaultValue("5m") @NotNull Duration cacheTtl) {
    }

    public enum SecretsProvider { ENVIRONMENT, AWS_SECRETS_MANAGER }

    /**
     * The database password as a secret (local, aws) instead of {@code spring.datasource.password}.
     *
     * @param passwordSecret name of the secret holding the database password (e.g. an Aurora-managed
     *                       secret, {@code name#password} for a JSON field); empty: spring.datasource.password
     */
    public record Database(String passwordSecret) {
    }

    /**
     * The AWS SDK clients (SQS, S3, Bedrock runtime, Secrets Manager, Parameter Store). Credentials come
     * from the default chain (IAM role for the service account on EKS, environment, profile) unless an
     * access key is given, which only S3-compatible servers and tests need.
     *
     * @param region          region of every AWS client
     * @param accessKeyId     static access key id, only for S3-compatible servers and tests; empty: the
     *                        default credentials chain
     * @param secretAccessKey static secret access key, with {@code accessKeyId}
     * @param endpoints per-service endpoint overrides (keys: sqs, s3, bedrock-runtime, secretsmanager, ssm),
     *                  for S3-compatible servers, local brokers and test servers; empty for AWS itself
     */
    public record Aws(
            @DefaultValue("us-east-1") @NotBlank String region,
            String accessKeyId,
            String secretAccessKey,
            Map<String, URI> endpoints) {

        public Aws {
            endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
        }

        /** The endpoint override for a service, if any. */
        public java.util.Optional<URI> endpoint(String service) {
            return java.util.Optional.ofNullable(endpoints.get(service));
        }

        /** Static credentials are used only when both parts are given. */
        public boolean hasStaticCredentials() {
            return accessKeyId != null && !accessKeyId.isBlank() && secretAccessKey != null && !secretAccessKey.isBlank();
        }

        /** Never prints the secret access key. */
        @Override
        public String toString() {
            return "Aws[region=" + region + ", accessKeyId=" + (accessKeyId == null ? "" : accessKeyId)
                    + ", secretAccessKey=" + (secretAccessKey == null ? "" : "****") + ", endpoints=" + endpoints + "]";
        }
    }

    /**
     * Task consumption, leases and retries.
     *
     * @param enabled            whether this process consumes tasks (false: an API-only replica)
     * @param lease              a PROCESSING task not heard of for this long is taken to have lost its
     *                           worker and is retried; the worker renews it every third of it while it runs
     * @param maxTaskDuration    a task running longer than this is no longer renewed (a stuck worker loses it)
     * @param retrySweepInterval how often tasks due for a retry and expired leases are looked for
     * @param retry              back-off of transient failures
     */
    public record Worker(
            @NotNull Boolean enabled,
            @DefaultValue("2m") @NotNull Duration lease,
            @DefaultValue("30m") @NotNull Duration maxTaskDuration,
            @NotNull Duration retrySweepInterval,
            @Valid @NotNull @DefaultValue Retry retry) {
    }

    /**
     * Transient failures retry with exponential back-off and jitter (see RetryPolicy).
     *
     * @param maxAttempts    runs of a task in all before a transient failure makes it FAILED
     * @param initialBackoff wait before the second run
     * @param maxBackoff     upper bound of any wait
     * @param multiplier     each wait is the previous one times this
     * @param jitter         up to this fraction of each wait is taken off at random
     */
    public record Retry(
            @DefaultValue("5") @Min(1) int maxAttempts,
            @DefaultValue("10s") @NotNull Duration initialBackoff,
            @DefaultValue("10m") @NotNull Duration maxBackoff,
            @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
            @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0") double jitter) {
    }

    /**
     * The worker pipeline's data source (see docs/adding-a-data-source.md).
     *
     * @param filingSource which data source's routes resolve and fetch filings: the pipeline calls
     *                     {@code direct:<source>-resolve-filing}, {@code direct:<source>-fetch-document} and,
     *                     for an 8-K, {@code direct:<source>-fetch-exhibits}
     * @param maxExhibits  an 8-K's EX-99.x exhibits read beside it (fetched once, stored, segmented), the lowest
     *                     numbers first; 0: none
     */
    public record Pipeline(
            @NotBlank @Pattern(regexp = "[a-z][a-z0-9-]*") String filingSource,
            @DefaultValue("5") @Min(0) @Max(20) int maxExhibits) {
    }

    /**
     * SEC EDGAR access under SEC's fair-access rules.
     *
     * @param wwwUrl               SEC's www host (archives, company_tickers.json); tests point it at a stub
     * @param dataUrl              SEC's data host (submissions); tests point it at a stub
     * @param userAgent            "Company Name contact@domain", sent on every SEC request; required, checked
     *                             at start (UserAgentPolicy): the service will not start without a plausible one
     * @param maxRequestsPerSecond one budget shared by every worker process (a row in PostgreSQL); SEC's limit is 10
     * @param spacingGuard         added to each request's 1/rate spacing so jitter between a request's slot and
     *                             its arrival cannot squeeze one more request into a second: at 8/s, eight
     *                             guards (48 ms) absorb the wire's jitter on top of the at most 25 ms a request may
     *                             leave after its slot (counted from the earliest the slot can be: a later one gives its
     *                             slot up)
     * @param blockBackoff         after a 403 every worker pauses EDGAR calls for this long; tasks wait RETRYING
     * @param tickerCacheTtl       how long company_tickers.json is kept
     * @param connectTimeoutMs     SEC connect timeout in milliseconds (a timeout is a transient failure)
     * @param responseTimeoutMs    SEC response timeout in milliseconds (a timeout is a transient failure)
     * @param maxDocumentSize      a larger EDGAR answer (declared or counted while it streams) fails the task
     *                             UNSUPPORTED_FILING and its connection is dropped, the rest never read
     */
    public record Edgar(
            @DefaultValue("https://www.sec.gov") @NotNull URI wwwUrl,
            @DefaultValue("https://data.sec.gov") @NotNull URI dataUrl,
            String userAgent,
            @DefaultValue("8") @Min(1) @Max(10) int maxRequestsPerSecond,
            @DefaultValue("6ms") @NotNull Duration spacingGuard,
            @DefaultValue("10m") @NotNull Duration blockBackoff,
            @DefaultValue("24h") @NotNull Duration tickerCacheTtl,
            @NotNull @Min(1) Long connectTimeoutMs,
            @NotNull @Min(1) Long responseTimeoutMs,
            @DefaultValue("50MB") @NotNull DataSize maxDocumentSize) {

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
     * @param provider         {@code openai} (any OpenAI-compatible API), {@code azure-openai} (an Azure OpenAI
     *                         deployment, see {@code azure}), {@code anthropic} (Anthropic's Messages API),
     *                         {@code bedrock} (Amazon Bedrock's Converse API; model e.g.
     *                         {@code amazon.nova-lite-v1:0}) or {@code none} (no narrative)
     * @param baseUrl          {@code openai} provider: the API's base, e.g. https://api.openai.com/v1,
     *                         https://openrouter.ai/api/v1, http://localhost:11434/v1 (Ollama); {@code anthropic}
     *                         provider: the API's base, https://api.anthropic.com (with or without /v1) when not set
     * @param model            the model id, e.g. gpt-4o-mini, llama3.1, amazon.nova-lite-v1:0
     * @param apiKeySecret     name of the secret holding the API key, read through the secret provider at each call
     * @param timeout          a model call taking longer fails (and is retried)
     * @param jsonMode         {@code openai} provider: ask for structured output (json_schema, falling back to
     *                         json_object, then prompt-only when the server refuses it); false: prompt-only
     * @param temperature      sampling temperature
     * @param maxOutputTokens  upper bound on the answer's tokens
     * @param sections         the sections the prompt is built from, per form, in order
     * @param inputTokenBudget upper bound on the prompt's tokens; long items share it evenly, short ones go in whole
     * @param charsPerToken    characters counted as one token when the prompt is fitted to its budget
     * @param prices           US dollars per million tokens, per model id ({@code prices[<model>].input-per-million},
     *                         {@code output-per-million}), for the recorded cost estimate; no price: costUsd null
         * @param dailyBudgetUsd   US dollars all workers together may spend on model calls per UTC day; 0: no model
     *                         calls. Each call reserves its maximum cost (estimated prompt tokens and
     *                         max-output-tokens at the model's price) before it starts and settles to its actual
     *                         cost after it; a call that does not fit in what is left does not start. A model
     *                         without a price reserves and costs 0 (a warning is logged at start-up)
     * @param onBudgetExhausted what a task does when the day's budget is used up: {@code retry} (wait RETRYING with
     *                         LLM_BUDGET_EXHAUSTED until the next UTC midnight) or {@code facts-only} (complete with
     *                         figures and sections and {@code narrative: null})
     * @param breaker          the circuit breaker in front of the provider
     * @param tiers            the provider and model of each model tier a request may ask for ({@code modelTier});
     *                         none configured: {@code provider} and {@code model} are every tier; configured: all
     *                         three, each with its provider and model, or the service refuses to start
     * @param defaultTier      the tier of a request that names none ({@code small}, {@code medium} or {@code large})
     * @param anthropicVersion {@code anthropic} provider: the {@code anthropic-version} header of each request
     * @param azure            {@code azure-openai} provider: the resource endpoint, deployment and API version
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
            @Valid @NotNull @DefaultValue Sections sections,
            Map<String, Price> prices,
            @DefaultValue("10") @NotNull @DecimalMin("0") BigDecimal dailyBudgetUsd,
            @DefaultValue("retry") @NotNull OnBudgetExhausted onBudgetExhausted,
            @Valid @NotNull @DefaultValue Breaker breaker,
            @Valid Tiers tiers,
            @DefaultValue("small") @NotNull ModelTier defaultTier,
            @DefaultValue("2023-06-01") @NotBlank String anthropicVersion,
            @Valid @NotNull @DefaultValue Azure azure) {

        public Llm {
            prices = prices == null ? Map.of() : Map.copyOf(prices);
            if (tiers != null && tiers.anyConfigured()) {
                for (ModelTier t : ModelTier.values()) {
                    Tier tier = tiers.get(t);
                    String key = "aperilex.llm.tiers." + t.wireName();
                    if (tier == null || tier.provider() == null || tier.model() == null || tier.model().isBlank()) {
                        throw new IllegalArgumentException(key + ".provider and " + key + ".model are required: "
                                + "configure all of aperilex.llm.tiers.small, medium and large, or none");
                    }
                    if (tier.provider() == LlmProvider.NONE) {
                        throw new IllegalArgumentException(key + ".provider must be openai or bedrock");
                    }
                    if (tier.provider() == LlmProvider.OPENAI && tier.baseUrl() == null && baseUrl == null) {
                        throw new IllegalArgumentException(
                                key + ".provider=openai needs " + key + ".base-url or aperilex.llm.base-url");
                    }
                }
            } else {
                tiers = null;
            }
        }

        /** Whether {@code aperilex.llm.tiers} is configured (otherwise {@code provider} and {@code model} are every tier). */
        public boolean tiersConfigured() {
            return tiers != null;
        }

        /**
         * The provider, model and base URL of a tier: the configured tier (its base URL defaulting to
         * {@code base-url}), or {@code provider}, {@code model} and {@code base-url} when no tiers are configured.
         */
        public Tier tier(ModelTier tier) {
            if (tiers == null) {
                return new Tier(provider, model, baseUrl);
            }
            Tier configured = tiers.get(tier);
            return new Tier(configured.provider(), configured.model(),
                    configured.baseUrl() != null ? configured.baseUrl() : baseUrl);
        }
    }

    /**
     * The sections of each form the prompt is built from, in prompt order, by the keys the analysis document's
     * {@code sections} carry; {@code *} stands for every other section the filing has, in document order. A
     * filing with none of its form's sections gets no narrative (figures and sections only).
     *
     * @param tenK    10-K and 10-K/A: items 1 (business), 1A (risk factors), 7 (management's discussion and analysis), 7A (market risk)
     * @param tenQ    10-Q: Part I Item 2 (management's discussion and analysis), Part II Item 1A (risk factors)
     * @param eightK  8-K: every item the report has, and its EX-99.x exhibits
     * @param twentyF 20-F: items 3 (key information, risk factors in 3.D) and 5 (operating and financial review)
     * @param def14a  DEF 14A: executive compensation
     * @param s1      S-1: prospectus summary, risk factors, use of proceeds
     */
    public record Sections(
            @DefaultValue({"1", "1A", "7", "7A"}) @NotEmpty List<String> tenK,
            @DefaultValue({"I-2", "II-1A"}) @NotEmpty List<String> tenQ,
            @DefaultValue("*") @NotEmpty List<String> eightK,
            @DefaultValue({"3", "5"}) @NotEmpty List<String> twentyF,
            @DefaultValue("executive-compensation") @NotEmpty List<String> def14a,
            @DefaultValue({"prospectus-summary", "risk-factors", "use-of-proceeds"}) @NotEmpty List<String> s1) {

        public Sections {
            tenK = List.copyOf(tenK);
            tenQ = List.copyOf(tenQ);
            eightK = List.copyOf(eightK);
            twentyF = List.copyOf(twentyF);
            def14a = List.copyOf(def14a);
            s1 = List.copyOf(s1);
        }

        /** The sections of a form's prompt. */
        public List<String> of(FormType form) {
            return switch (form) {
                case TEN_K, TEN_K_AMENDED -> tenK;
                case TEN_Q -> tenQ;
                case EIGHT_K -> eightK;
                case TWENTY_F -> twentyF;
                case DEF_14A -> def14a;
                case S_1 -> s1;
            };
        }
    }

    /**
     * One provider and model per model tier.
     *
     * @param small  the {@code small} tier
     * @param medium the {@code medium} tier
     * @param large  the {@code large} tier
     */
    public record Tiers(@Valid Tier small, @Valid Tier medium, @Valid Tier large) {
        boolean anyConfigured() {
            return small != null || medium != null || large != null;
        }

        public Tier get(ModelTier tier) {
            return switch (tier) {
                case SMALL -> small;
                case MEDIUM -> medium;
                case LARGE -> large;
            };
        }
    }

    /**
     * The model of one tier; its price, as every model's, is {@code aperilex.llm.prices[<model>]}.
     *
     * @param provider {@code openai} or {@code bedrock}
     * @param model    the model id, e.g. gpt-4o-mini, gpt-4o, amazon.nova-pro-v1:0
     * @param baseUrl  {@code openai} provider: the API's base; default {@code aperilex.llm.base-url}
     */
    public record Tier(LlmProvider provider, String model, URI baseUrl) {
    }

    public enum LlmProvider { OPENAI, AZURE_OPENAI, ANTHROPIC, BEDROCK, NONE }

    /**
     * An Azure OpenAI deployment: requests go to
     * {@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version={apiVersion}} with the key
     * (aperilex.llm.api-key-secret) in an {@code api-key} header.
     *
     * @param endpoint   the resource's endpoint, e.g. https://my-resource.openai.azure.com
     * @param deployment the deployment's name (it picks the model; aperilex.llm.model names it for prices and records)
     * @param apiVersion the {@code api-version} query parameter; json_schema structured output needs 2024-08-01-preview
     *                   or later
     */
    public record Azure(URI endpoint, String deployment, @DefaultValue("2024-10-21") @NotBlank String apiVersion) {
    }

    public enum OnBudgetExhausted { RETRY, FACTS_ONLY }

    /**
     * After {@code failureThreshold} provider failures in a row (timeouts, 429, 5xx: the transient ones), no call
     * reaches the provider for {@code openFor}: tasks go RETRYING with LLM_FAILED, due when the breaker lets a
     * trial call through again.
     *
     * @param failureThreshold consecutive transient provider failures that open the breaker
     * @param openFor          how long the open breaker refuses calls before it lets trial calls through
     */
    public record Breaker(
            @DefaultValue("5") @Min(1) int failureThreshold,
            @DefaultValue("1m") @NotNull Duration openFor) {
    }

    /**
     * @param inputPerMillion  US dollars per million prompt tokens
     * @param outputPerMillion US dollars per million answer tokens
     */
    public record Price(@NotNull BigDecimal inputPerMillion, @NotNull BigDecimal outputPerMillion) {
    }
}
