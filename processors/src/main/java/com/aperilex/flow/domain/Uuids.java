package com.aperilex.flow.domain;

import java.util.UUID;
import java.util.regex.Pattern;

final class Uuids {
    // UUID.fromString accepts shortened groups such as "1-1-1-1-1"; ids on the wire must be canonical.
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Uuids() {
    }

    static UUID parseStrict(String raw, String field) {
        if (raw == null || !CANONICAL.matcher(raw).matches()) {
            throw new InvalidValueException(field + " must be a UUID such as 3f2c1a9e-8b1d-4c55-9a7e-2d4b6f8e0c11");
        }
        return UUID.fromString(raw);
    }
}
