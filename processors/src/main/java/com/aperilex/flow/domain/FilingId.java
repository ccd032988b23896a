package com.aperilex.flow.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifier of a filing; a UUID that cannot be mixed up with other ids. */
public record FilingId(UUID value) {
    public FilingId {
        Objects.requireNonNull(value, "value");
    }

    public static FilingId random() {
        return new FilingId(UUID.randomUUID());
    }

    /** Parses the canonical 36-character UUID form; anything else is an {@link InvalidValueException}. */
    @JsonCreator
    public static FilingId parse(String raw) {
        return new FilingId(Uuids.parseStrict(raw, "filingId"));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
