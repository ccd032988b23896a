package com.aperilex.flow.domain;

import java.util.Set;

/** Request and task-message schema versions this build understands. Every version ever issued stays listed. */
public final class SchemaVersions {
    public static final int CURRENT = 1;
    public static final Set<Integer> SUPPORTED = Set.of(1);

    private SchemaVersions() {
    }

    public static boolean isSupported(int version) {
        return SUPPORTED.contains(version);
    }
}
