package com.aperilex.flow.observability;

import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.llm.LlmCall;
import io.micrometer.core.instrument.Counter;
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
 * </ul>
 */
@Component
public class ServiceMetrics {
    private final MeterRegistry registry;
    private final Timer completion;
    private final Counter edgarBlocks;

    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.completion = Timer.builder("aperilex.task.completion")
                .description("From the request's POST to its task COMPLETED")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        this.edgarBlocks = Counter.builder("aperilex.edgar.blocks")
                .description("SEC fair-access blocks (HTTP 403): every worker pauses its EDGAR calls")
                .register(registry);
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

    /** One answer of SEC, by status class. */
    public void edgarResponse(int status) {
        String statusClass = status == 403 || status == 404 || status == 429 ? Integer.toString(status)
                : status <= 0 ? "none" : (status / 100) + "xx";
        Counter.builder("aperilex.edgar.requests").description("SEC EDGAR requests by answer")
                .tag("status", statusClass).register(registry).increment();
    }

    /** A task message the service sent to the dead-letter queue (consume-tasks calls it). */
    public void deadLettered() {
        Counter.builder("aperilex.queue.dead.lettered").description("Task messages sent to the dead-letter queue")
                .register(registry).increment();
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
