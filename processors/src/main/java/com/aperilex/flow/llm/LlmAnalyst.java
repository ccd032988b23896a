package com.aperilex.flow.llm;

import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.TaskFailure;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a prompt into a schema-checked {@link Narrative}: one call, and when the answer misses the
 * schema, one repair call that shows the model its answer and what is wrong with it.
 *
 * <p>Every call is accounted for in the {@link LlmCallLog}, whatever came of it (an answer in the schema, one
 * outside it, a provider error), and passes the {@link LlmSpendGuard} first: its maximum cost (the prompt's
 * estimated input tokens and the prompt's max output tokens, at the model's price) is reserved before the call
 * and settled to the actual cost after it; the input tokens are counted by the model's tokenizer where one is
 * known ({@link TokenCounters#forModel}). A refused reservation fails the analysis with
 * {@link ErrorCode#LLM_BUDGET_EXHAUSTED}, to be retried at the next UTC midnight. A model without a price
 * reserves and costs 0 (its calls are recorded with a null cost): only a budget of 0 stops it.
 */
public final class LlmAnalyst {
    /** A narrative and what it cost. */
    public record Result(Narrative narrative, LlmUsage usage) {
    }

    private final LlmClient client;
    private final NarrativeReader reader = new NarrativeReader();
    private final Map<String, ModelPrice> prices;
    private final LlmCallLog log;
    private final LlmSpendGuard guard;
    private final TokenCounter counter;
    private final Clock clock;

    /** @param prices per model id; a model without a price gets a null cost, never a made-up one */
    public LlmAnalyst(LlmClient client, Map<String, ModelPrice> prices) {
        this(client, prices, LlmCallLog.NONE, LlmSpendGuard.UNLIMITED, TokenEstimate.DEFAULT, Clock.systemUTC());
    }

    /**
     * @param log      where every call is recorded
     * @param guard    the daily spend limit each call is reserved against
     * @param estimate how the prompt's input tokens are estimated for the reservation when the model's
     *                 tokenizer is not known ({@link TokenCounters#forModel})
     */
    public LlmAnalyst(LlmClient client, Map<String, ModelPrice> prices, LlmCallLog log, LlmSpendGuard guard,
                      TokenEstimate estimate, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.prices = Map.copyOf(prices);
        this.log = Objects.requireNonNull(log, "log");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.counter = TokenCounters.forModel(client.model(), Objects.requireNonNull(estimate, "estimate"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String provider() {
        return client.provider();
    }

    public String model() {
        return client.model();
    }

    /** {@link #analyze(LlmCallContext, LlmPrompt)} for no task or filing. */
    public Result analyze(LlmPrompt prompt) {
        return analyze(LlmCallContext.NONE, prompt);
    }

    /**
     * @throws TaskFailure with {@link ErrorCode#LLM_FAILED}, transient when the provider's failure was, or with
     *                     {@link ErrorCode#LLM_BUDGET_EXHAUSTED} (transient, not before the next UTC midnight)
     */
    public Result analyze(LlmCallContext context, LlmPrompt prompt) {
        return analyze(context, prompt, NarrativeArchive.NONE);
    }

    /**
     * As {@link #analyze(LlmCallContext, LlmPrompt)}, and the accepted narrative is kept in the archive before its
     * OK call is recorded, the row naming where it is: the paid answer is durable before anything else happens.
     * When keeping it fails, the OK call is still recorded (without a key) and the failure thrown.
     */
    public Result analyze(LlmCallContext context, LlmPrompt prompt, NarrativeArchive archive) {
        Objects.requireNonNull(archive, "archive");
        List<Made> made = new ArrayList<>(2);
        Made first = call(context, prompt);
        made.add(first);
        try {
            Narrative narrative = reader.read(first.completion().content());
            return accepted(context, first, new Result(narrative, usage(made)), archive);
        } catch (InvalidNarrativeException invalid) {
            record(context, first, LlmCall.Outcome.INVALID_ANSWER, invalid.getMessage());
            LlmPrompt repair = prompt.followedBy(
                    new LlmPrompt.Message(LlmPrompt.Role.ASSISTANT, first.completion().content()),
                    new LlmPrompt.Message(LlmPrompt.Role.USER, "Your answer does not follow the schema: "
                            + invalid.getMessage() + ". Answer again with only the corrected JSON object."));
            Made second = call(context, repair);
            made.add(second);
            try {
                Narrative narrative = reader.read(second.completion().content());
                return accepted(context, second, new Result(narrative, usage(made)), archive);
            } catch (InvalidNarrativeException stillInvalid) {
                record(context, second, LlmCall.Outcome.INVALID_ANSWER, stillInvalid.getMessage());
                throw TaskFailure.permanent(ErrorCode.LLM_FAILED,
                        "the model answered outside the analysis schema twice: " + stillInvalid.getMessage());
            }
        }
    }

    /** One call through the spend guard; a provider failure is recorded here, an answer by the caller. */
    private Made call(LlmCallContext context, LlmPrompt prompt) {
        Instant start = clock.instant();
        LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC);
        BigDecimal maxCost = cost(counter.count(prompt), prompt.maxOutputTokens());
        LlmSpendGuard.Reservation reservation = guard.reserve(day, maxCost == null ? BigDecimal.ZERO : maxCost)
                .orElseThrow(() -> TaskFailure.retryableAfter(ErrorCode.LLM_BUDGET_EXHAUSTED,
                        "the daily LLM budget (aperilex.llm.daily-budget-usd) of " + day
                                + " (UTC) is used up; no model call starts before the next UTC day",
                        day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        long started = System.nanoTime();
        LlmCompletion completion;
        try {
            completion = client.complete(prompt);
        } catch (LlmCallRefusedException refused) {
            guard.settle(reservation, BigDecimal.ZERO);
            String message = client.provider() + " model " + client.model() + ": " + refused.getMessage();
            throw refused.retryAt() == null ? TaskFailure.retryable(ErrorCode.LLM_FAILED, message, refused)
                    : TaskFailure.retryableAfter(ErrorCode.LLM_FAILED, message, refused.retryAt());
        } catch (LlmCallException e) {
            long latency = (System.nanoTime() - started) / 1_000_000;
            guard.settle(reservation, BigDecimal.ZERO);
            log.record(new LlmCall(context.task(), context.filing(), client.provider(), client.model(), context.tier(),
                    0, 0,
                    cost(0, 0), latency, e.isTransient() ? LlmCall.Outcome.PROVIDER_ERROR_TRANSIENT
                    : LlmCall.Outcome.PROVIDER_ERROR_PERMANENT, e.getMessage(), start, LlmCall.SCHEMA_VERSION));
            String message = client.provider() + " model " + client.model() + ": " + e.getMessage();
            throw e.isTransient()
                    ? TaskFailure.retryable(ErrorCode.LLM_FAILED, message, e)
                    : TaskFailure.permanent(ErrorCode.LLM_FAILED, message);
        } catch (RuntimeException e) {
            guard.settle(reservation, BigDecimal.ZERO);
            throw e;
        }
        BigDecimal actual = cost(completion.inputTokens(), completion.outputTokens());
        guard.settle(reservation, actual == null ? BigDecimal.ZERO : actual);
        return new Made(completion, start);
    }

    /** A call that was answered, and when it started. */
    private record Made(LlmCompletion completion, Instant start) {
    }

    /** The narrative kept in the archive first, then its OK call recorded with the key it was kept under. */
    private Result accepted(LlmCallContext context, Made made, Result result, NarrativeArchive archive) {
        String key;
        try {
            key = archive.keep(result);
        } catch (RuntimeException e) {
            record(context, made, LlmCall.Outcome.OK, null, null);
            throw e;
        }
        record(context, made, LlmCall.Outcome.OK, null, key);
        return result;
    }

    private void record(LlmCallContext context, Made made, LlmCall.Outcome outcome, String error) {
        record(context, made, outcome, error, null);
    }

    private void record(LlmCallContext context, Made made, LlmCall.Outcome outcome, String error,
                        String answerStorageKey) {
        LlmCompletion completion = made.completion();
        log.record(new LlmCall(context.task(), context.filing(), client.provider(), client.model(), context.tier(),
                completion.inputTokens(), completion.outputTokens(),
                cost(completion.inputTokens(), completion.outputTokens()), completion.latencyMs(), outcome, error,
                made.start(), LlmCall.SCHEMA_VERSION, answerStorageKey));
    }

    private BigDecimal cost(long inputTokens, long outputTokens) {
        ModelPrice price = prices.get(client.model());
        return price == null ? null : price.cost(inputTokens, outputTokens);
    }

    /** The sum of the calls that made the narrative: their tokens, latencies and recorded costs. */
    private LlmUsage usage(List<Made> made) {
        List<LlmCompletion> calls = made.stream().map(Made::completion).toList();
        int input = calls.stream().mapToInt(LlmCompletion::inputTokens).sum();
        int output = calls.stream().mapToInt(LlmCompletion::outputTokens).sum();
        long latency = calls.stream().mapToLong(LlmCompletion::latencyMs).sum();
        BigDecimal cost = prices.containsKey(client.model()) ? calls.stream()
                .map(c -> cost(c.inputTokens(), c.outputTokens())).reduce(BigDecimal.ZERO, BigDecimal::add) : null;
        return new LlmUsage(client.provider(), client.model(), input, output, cost, latency, calls.size());
    }
}
