package com.aperilex.flow.llm;

import com.aperilex.flow.domain.ModelTier;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The analyst of each model tier. Tiers on the same provider and model share one analyst (and so one circuit
 * breaker); without an LLM there is none for any tier.
 */
public final class LlmAnalysts {
    /** The model key of analyses made without an LLM: figures and sections only. */
    public static final String NO_MODEL = "none";

    /** No LLM: analyses carry no narrative. */
    public static final LlmAnalysts NONE = new LlmAnalysts(Map.of());

    private final Map<ModelTier, LlmAnalyst> byTier;

    /** @param byTier an analyst for every tier, or none at all */
    public LlmAnalysts(Map<ModelTier, LlmAnalyst> byTier) {
        if (!byTier.isEmpty() && byTier.size() != ModelTier.values().length) {
            throw new IllegalArgumentException("an analyst for every tier, or none: " + byTier.keySet());
        }
        this.byTier = byTier.isEmpty() ? Map.of() : new EnumMap<>(byTier);
    }

    /** The same analyst for every tier. */
    public static LlmAnalysts single(LlmAnalyst analyst) {
        Map<ModelTier, LlmAnalyst> all = new EnumMap<>(ModelTier.class);
        for (ModelTier tier : ModelTier.values()) {
            all.put(tier, analyst);
        }
        return new LlmAnalysts(all);
    }

    /** The tier's analyst; empty without an LLM. */
    public Optional<LlmAnalyst> forTier(ModelTier tier) {
        return Optional.ofNullable(byTier.get(tier));
    }

    /** The model the tier's analyses are made with, the global pool's key; {@link #NO_MODEL} without an LLM. */
    public String model(ModelTier tier) {
        return forTier(tier).map(LlmAnalyst::model).orElse(NO_MODEL);
    }
}
