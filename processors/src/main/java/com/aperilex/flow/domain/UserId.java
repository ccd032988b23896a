package com.aperilex.flow.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifier of a user (a row of {@code users}); a UUID that cannot be mixed up with other ids. */
public record UserId(UUID value) {
    public UserId {
        Objects.requireNonNull(value, "value");
    }

    public static UserId random() {
        return new UserId(UUID.randomUUID());
    }

    /** Parses the canonical 36-character UUID form; anything else is an {@link InvalidValueException}. */
    @JsonCreator
    public static UserId parse(String raw) {
        return new UserId(Uuids.parseStrict(raw, "userId"));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
