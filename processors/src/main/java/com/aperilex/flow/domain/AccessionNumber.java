package com.aperilex.flow.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** An EDGAR accession number, {@code 0000320193-24-000123}: filer id, year, sequence. */
public record AccessionNumber(String value) {
    private static final Pattern FORMAT = Pattern.compile("[0-9]{10}-[0-9]{2}-[0-9]{6}");

    public AccessionNumber {
        if (value == null || !FORMAT.matcher(value.trim()).matches()) {
            throw new InvalidValueException("accessionNumber must look like 0000320193-24-000123");
        }
        value = value.trim();
    }

    @JsonCreator
    public static AccessionNumber of(String raw) {
        return new AccessionNumber(raw);
    }

    /** The folder name used in EDGAR Archives paths: the same digits without dashes. */
    public String withoutDashes() {
        return value.replace("-", "");
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
