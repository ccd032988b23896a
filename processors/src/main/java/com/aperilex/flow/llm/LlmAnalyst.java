package com.aperilex.flow.llm;

import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.TaskFailure;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a prompt into a schema-checked {@link Narrative}: one call, and when the answer misses the
 * schema, one repair call that shows the model its answer and what is wrong with it.
 */
public final class LlmAnalyst {
    /** A narrative and what it cost. */
    public record Result(Narrative narrative, LlmUsage usage) {
    }

    private final LlmClient client;
    private final NarrativeReader reader = new NarrativeReader();
    private final Map<String, ModelPrice> prices;

    /** @param prices per model id; a model without a price gets a null cost, never a made-up one */
    public LlmAnalyst(LlmClient client, Map<String, ModelPrice> prices) {
        this.client = Objects.requireNonNull(client, "client");
        this.prices = Map.copyOf(prices);
    }

    public String provider() {
        return client.provider();
    }

    public String model() {
        return client.model();
    }

    /** @throws TaskFailure with {@link ErrorCode#LLM_FAILED}, transient when the provider's failure was */
    public Result analyze(LlmPrompt prompt) {
        LlmCompletion first = call(prompt);
        try {
            return new Result(reader.read(first.content()), usage(first, null));
        } catch (InvalidNarrativeException invalid) {
            LlmPrompt repair = prompt.followedBy(
                    new LlmPrompt.Message(LlmPrompt.Role.ASSISTANT, first.content()),
                    new LlmPrompt.Message(LlmPrompt.Role.USER, "Your answer does not follow the schema: "
                            + invalid.getMessage() + ". Answer again with only the corrected JSON object."));
            LlmCompletion second = call(repair);
            try {
                return new Result(reader.read(second.content()), usage(first, second));
            } catch (InvalidNarrativeException stillInvalid) {
                throw TaskFailure.permanent(ErrorCode.LLM_FAILED,
                        "the model answered outside the analysis schema twice: " + stillInvalid.getMessage());
            }
        }
    }

    private LlmCompletion call(LlmPrompt prompt) {
        try {
            return client.complete(prompt);
        } catch (LlmCallException e) {
            String message = client.provider() + " model " + client.model() + ": " + e.getMessage();
            throw e.isTransient()
                    ? TaskFailure.retryable(ErrorCode.LLM_FAILED, message, e)
                    : TaskFailure.permanent(ErrorCode.LLM_FAILED, message);
        }
    }

    private LlmUsage usage(LlmCompletion first, LlmCompletion repair) {
        int input = first.inputTokens() + (repair == null ? 0 : repair.inputTokens());
        int output = first.outputTokens() + (repair == null ? 0 : repair.outputTokens());
        long latency = first.latencyMs() + (repair == null ? 0 : repair.latencyMs());
        ModelPrice price = prices.get(client.model());
        BigDecimal cost = price == null ? null : price.cost(input, output);
        return new LlmUsage(client.provider(), client.model(), input, output, cost, latency, repair == null ? 1 : 2);
    }
}
