package com.aperilex.flow.llm;

import com.knuddels.jtokkit.api.EncodingType;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place that decides how a model's tokens are counted: OpenAI's model families by their own encoding,
 * every other model by the characters-per-token estimate.
 * <ul>
 *   <li>{@code gpt-4o*}, {@code gpt-4.1*}, {@code o1*}, {@code o3*}, {@code o4*}: {@code o200k_base}</li>
 *   <li>{@code gpt-4*}, {@code gpt-3.5*}: {@code cl100k_base}</li>
 *   <li>anything else (Claude, Llama, Mistral, Gemini, ...): the estimate</li>
 * </ul>
 * A provider prefix such as {@code openai/gpt-4o} (OpenRouter) is ignored.
 */
public final class TokenCounters {
    private static final Map<EncodingType, BpeTokenCounter> COUNTERS = new ConcurrentHashMap<>();

    private TokenCounters() {
    }

    /** The encoding of the model's family, or empty when none is known for it. */
    public static Optional<EncodingType> encodingFor(String model) {
        if (model == null) {
            return Optional.empty();
        }
        String m = model.strip().toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        if (slash >= 0) {
            m = m.substring(slash + 1);
        }
        if (m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("chatgpt-4o")
                || family(m, "o1") || family(m, "o3") || family(m, "o4")) {
            return Optional.of(EncodingType.O200K_BASE);
        }
        if (m.startsWith("gpt-4") || m.startsWith("gpt-3.5")) {
            return Optional.of(EncodingType.CL100K_BASE);
        }
        return Optional.empty();
    }

    /** @param estimate the counter of models without a known tokenizer */
    public static TokenCounter forModel(String model, TokenEstimate estimate) {
        return encodingFor(model).<TokenCounter>map(t -> COUNTERS.computeIfAbsent(t, BpeTokenCounter::new))
                .orElse(estimate);
    }

    /** {@code o1}, {@code o1-mini}, {@code o1-2024-12-17}, but not {@code o10} or {@code olmo}. */
    private static boolean family(String model, String family) {
        return model.equals(family) || model.startsWith(family + "-");
    }
}
