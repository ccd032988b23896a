package com.aperilex.flow.observability;

import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.llm.LlmCall;
import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.LedgerEntry;
import com.aperilex.flow.domain.TransactionType;
import com.aperilex.flow.domain.UserTier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The service's business metrics, on /actuator/prometheus beside Camel's and the JVM's. Tags are of low
 * cardinality only: outcomes, error codes, providers, models, tiers, lanes, never a user, task or filing.
 *
 * <ul>
 *   <li>{@code aperilex_tasks_finished_total{outcome, code}}: tasks COMPLETED or FAILED (code NONE when completed)
 *   <li>{@code aperilex_task_completion_seconds}: from the POST to COMPLETED (histogram buckets for percentiles)
 *   <li>{@code aperilex_intake_answers_total{answer}}: requests answered from the pool ({@code pooled}), by a
 *       new task ({@code created}) or by a caller's open one ({@code joined}): the pool hit ratio
 *   <li>{@code aperilex_edgar_requests_total{status}}: SEC answers by status class (2xx, 403, 404, 4xx, 5xx)
 *   <li>{@code aperilex_queue_dead_lettered_total}: unreadable task messages sent to the dead-letter queue
 *   <li>{@code aperilex_edgar_blocks_total}: SEC's 403 fair-access blocks (every worker pauses)
 *   <li>{@code aperilex_llm_calls_total{provider, model, tier, outcome}}, {@code aperilex_llm_tokens_total{provider,
 *       model, tier, direction}}, {@code aperilex_llm_cost_usd_total{provider, model, tier}}
 *   <li>{@code aperilex_edgar_budget_wait_seconds}: how long each EDGAR request waited for its slot of the shared
 *       budget; {@code aperilex_edgar_budget_limit_requests_per_second}: the budget (aperilex.edgar.max-requests-per-second),
 *       so the budget's use is {@code sum(rate(aperilex_edgar_requests_total[5m])) / max(..._limit_...)} over all pods
 *   <li>{@code aperilex_credits_charged_usd_total{tier, type}}: fees captured (FILING_ACCESS, ANALYSIS, BULK_IMPORT)
 *       by the payer's tier; {@code aperilex_credits_granted_usd_total{tier, type}}: credits administrators gave
 *       (CREDIT_GRANT, REFUND). Reservations and their releases are not revenue and are not counted; the tiers'
 *       monthly credits are granted by statements of their own (Users, MonthlyCredits) and are only in the ledger
 *   <li>{@code aperilex_event_streams_open}: this replica's open event streams (EventStreams registers it)
 * </ul>
 */
@Component
public class ServiceMetrics {
    private final MeterRegistry registry;
    private final Timer completion;
    private final Counter edgarBlocks;
    private final Counter deadLettered;

    private final Timer edgarBudgetWait;

    public ServiceMetrics(MeterRegistry registry, AperilexProperties properties) {
        this.registry = registry;
        this.edgarBudgetWait = Timer.builder("aperilex.edgar.budget.wait")
                .description("Time an EDGAR request waited for its slot of the budget shared by all pods")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
        int limit = properties.edgar().maxRequestsPerSecond();
        Gauge.builder("aperilex.edgar.budget.limit.requests.per.second", () -> limit)
                .description("The EDGAR request budget shared by all pods (aperilex.edgar.max-requests-per-second)")
                .register(registry);
        this.completion = Timer.builder("aperilex.task.completion")
                .description("From the request's POST to its task COMPLETED")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        this.edgarBlocks = Counter.builder("aperilex.edgar.blocks")
                .description("SEC fair-access blocks (HTTP 403): every worker pauses its EDGAR calls")
                .register(registry);
        // Registered at start, as the blocks are: a series that is 0 until the first one, not absent.
        this.deadLettered = Counter.builder("aperilex.queue.dead.lettered")
                .description("Task messages sent to the dead-letter queue").register(registry);
        for (String outcome : new String[] {"resolved", "failed"}) {
            importCompanies(outcome);
        }
        for (String outcome : new String[] {"made", "skipped", "over_limit", "unpaid"}) {
            importFilings(outcome, 0);
        }
    }

    /** A task COMPLETED, {@code sincePost} after its request. */
    public void completed(Duration sincePost) {
        finished("COMPLETED", "NONE");
        if (!sincePost.isNegative()) {
            completion.record(sincePost);
        }
    }

    /** A task FAILED with its code. */
    public void failed(ErrorCode code) {
        finished("FAILED", code.name());
    }

    private void finished(String outcome, String code) {
        Counter.builder("aperilex.tasks.finished").description("Tasks that reached COMPLETED or FAILED")
                .tag("outcome", outcome).tag("code", code).register(registry).increment();
    }

    /** A request answered from the global pool (submit-analysis calls it). */
    public void pooledAnswer() {
        intakeAnswer("pooled");
    }

    /** A request admitted: a new task ({@code created}) or the caller's open one ({@code joined}). */
    public void admitted(boolean created) {
        intakeAnswer(created ? "created" : "joined");
    }

    private void intakeAnswer(String answer) {
        Counter.builder("aperilex.intake.answers").description("Analysis requests by how they were answered")
                .tag("answer", answer).register(registry).increment();
    }

    /**
     * A bulk import's company resolved ({@code resolved}) or ended FAILED ({@code failed}), and what its filings
     * became: tasks {@code made}, {@code skipped} (in the pool), {@code over_limit}, {@code unpaid}.
     */
    public void importCompany(boolean resolved, int made, int skipped, int overLimit, int unpaid) {
        importCompanies(resolved ? "resolved" : "failed").increment();
        importFilings("made", made);
        importFilings("skipped", skipped);
        importFilings("over_limit", overLimit);
        importFilings("unpaid", unpaid);
    }

    private Counter importCompanies(String outcome) {
        return Counter.builder("aperilex.import.companies").description("Bulk import companies by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private void importFilings(String outcome, int n) {
        Counter.builder("aperilex.import.filings").description("Filings bulk imports found, by what became of them")
                .tag("outcome", outcome).register(registry).increment(n);
    }

    /** One answer of SEC, by status class. */
    public void edgarResponse(int status) {
        String statusClass = status == 403 || status == 404 || status == 429 ? Integer.toString(status)
                : status <= 0 ? "none" : (status / 100) + "xx";
        Counter.builder("aperilex.edgar.requests").description("SEC EDGAR requests by answer")
                .tag("status", statusClass).register(registry).increment();
    }

    /** A task message the service sent to the dead-letter queue (consume-tasks calls it). */
    public void deadLettered() {
        deadLettered.increment();
    }

    /** An EDGAR request got its slot of the shared budget after {@code waited}. */
    public void edgarBudgetWait(Duration waited) {
        edgarBudgetWait.record(waited);
    }

    /** A committed ledger row, with the user's tier: fees charged and credits given, in US dollars. */
    public void ledgerPosting(LedgerEntry entry, UserTier tier) {
        TransactionType type = entry.type();
        String name = switch (type) {
            case FILING_ACCESS, ANALYSIS, BULK_IMPORT -> "aperilex.credits.charged.usd";
            case CREDIT_GRANT, REFUND -> "aperilex.credits.granted.usd";
            case MONTHLY_CREDIT, RESERVATION, RELEASE -> null;
        };
        if (name == null || entry.amountUsd().signum() == 0) {
            return;
        }
        Counter.builder(name).description(name.contains("charged") ? "Fees captured, US dollars, by the payer's tier"
                        : "Credits given, US dollars, by the receiver's tier")
                .tag("tier", tier.name()).tag("type", type.name()).register(registry)
                .increment(entry.amountUsd().abs().doubleValue());
    }

    /** This replica's open event streams, read when scraped. */
    public void eventStreams(java.util.function.IntSupplier open) {
        Gauge.builder("aperilex.event.streams.open", open::getAsInt)
                .description("Open task event streams (SSE) on this replica").register(registry);
    }

    public void edgarBlocked() {
        edgarBlocks.increment();
    }

    /** One model call as recorded in llm_calls: counted, its tokens and its cost. */
    public void llmCall(LlmCall call) {
        String provider = String.valueOf(call.provider());
        String model = String.valueOf(call.model());
        String tier = String.valueOf(call.tier());
        Counter.builder("aperilex.llm.calls").description("Model calls by outcome")
                .tag("provider", provider).tag("model", model).tag("tier", tier)
                .tag("outcome", call.outcome().name()).register(registry).increment();
        tokens(provider, model, tier, "input", call.inputTokens());
        tokens(provider, model, tier, "output", call.outputTokens());
        BigDecimal cost = call.costUsd();
        if (cost != null && cost.signum() > 0) {
            Counter.builder("aperilex.llm.cost.usd").description("Estimated cost of model calls, US dollars")
                    .tag("provider", provider).tag("model", model).tag("tier", tier).register(registry)
                    .increment(cost.doubleValue());
        }
    }

    private void tokens(String provider, String model, String tier, String direction, int count) {
        if (count > 0) {
            Counter.builder("aperilex.llm.tokens").description("Tokens of model calls")
                    .tag("provider", provider).tag("model", model).tag("tier", tier).tag("direction", direction)
                    .register(registry).increment(count);
        }
    }
}
