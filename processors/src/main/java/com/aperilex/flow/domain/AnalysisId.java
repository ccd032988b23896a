package com.aperilex.flow.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifier of a analysis; a UUID that cannot be mixed up with other ids. */
public record AnalysisId(UUID value) {
    public AnalysisId {
        Objects.requireNonNull(value, "value");
    }

    public static AnalysisId random() {
        return new AnalysisId(UUID.randomUUID());
    }

    /** Parses the canonical 36-character UUID form; anything else is an {@link InvalidValueException}. */
    @JsonCreator
    public static AnalysisId parse(String raw) {
        return new AnalysisId(Uuids.parseStrict(raw, "analysisId"));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
