package com.aperilex.flow.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifier of a task; a UUID that cannot be mixed up with other ids. */
public record TaskId(UUID value) {
    public TaskId {
        Objects.requireNonNull(value, "value");
    }

    public static TaskId random() {
        return new TaskId(UUID.randomUUID());
    }

    /** Parses the canonical 36-character UUID form; anything else is an {@link InvalidValueException}. */
    @JsonCreator
    public static TaskId parse(String raw) {
        return new TaskId(Uuids.parseStrict(raw, "taskId"));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
