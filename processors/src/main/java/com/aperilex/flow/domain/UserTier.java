package com.aperilex.flow.domain;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A user's commercial tier: what they may ask for, how often, at what price ({@code aperilex.tiers.*}).
 * Named in upper case on the wire, in rows and in configuration keys' documentation.
 */
public enum UserTier {
    DEMO, BASIC, PROFESSIONAL, ENTERPRISE;

    /** Exact upper-case name: "basic" is rejected rather than guessed. */
    public static UserTier fromWireName(String name) {
        for (UserTier tier : values()) {
            if (tier.name().equals(name)) {
                return tier;
            }
        }
        throw new InvalidValueException("tier must be one of " + allowedNames());
    }

    public static String allowedNames() {
        return Arrays.stream(values()).map(t -> '"' + t.name() + '"').collect(Collectors.joining(", "));
    }
}
