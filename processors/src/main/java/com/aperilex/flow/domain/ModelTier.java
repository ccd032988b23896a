package com.aperilex.flow.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The quality tier a request asks for: each tier is one provider and model ({@code aperilex.llm.tiers.*}),
 * and each has its own pooled analysis of a filing. Named in requests, messages and rows in lower case.
 */
public enum ModelTier {
    SMALL, MEDIUM, LARGE;

    /** The tier of a request that names none, when no configuration says otherwise. */
    public static final ModelTier DEFAULT = SMALL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Exact lower-case name: "Large" is rejected rather than guessed. */
    @JsonCreator
    public static ModelTier fromWireName(String name) {
        for (ModelTier tier : values()) {
            if (tier.wireName().equals(name)) {
                return tier;
            }
        }
        throw new InvalidValueException("modelTier must be one of " + allowedNames());
    }

    public static String allowedNames() {
        return Arrays.stream(values()).map(t -> '"' + t.wireName() + '"').collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return wireName();
    }
}
