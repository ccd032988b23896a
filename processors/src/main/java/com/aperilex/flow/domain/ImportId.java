package com.aperilex.flow.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifier of a bulk import; a UUID that cannot be mixed up with other ids. */
public record ImportId(UUID value) {
    public ImportId {
        Objects.requireNonNull(value, "value");
    }

    public static ImportId random() {
        return new ImportId(UUID.randomUUID());
    }

    /** Parses the canonical 36-character UUID form; anything else is an {@link InvalidValueException}. */
    @JsonCreator
    public static ImportId parse(String raw) {
        return new ImportId(Uuids.parseStrict(raw, "importId"));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
