package com.aperilex.flow.domain;

import java.util.Set;

/**
 * Versions of the analysis request's layout (its {@code schemaVersion} field) this build accepts; every version
 * ever issued stays listed. The task message queued for a worker has versions of its own:
 * {@link com.aperilex.flow.message.TaskMessage#CURRENT_SCHEMA_VERSION} and
 * {@link com.aperilex.flow.message.TaskMessageCodec#READABLE_VERSIONS}.
 */
public final class SchemaVersions {
    public static final int CURRENT = 1;
    public static final Set<Integer> SUPPORTED = Set.of(1);

    private SchemaVersions() {
    }

    public static boolean isSupported(int version) {
        return SUPPORTED.contains(version);
    }
}
