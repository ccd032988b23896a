package com.aperilex.flow.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** SEC Central Index Key: 1 to 10 digits, rendered zero-padded to 10 as EDGAR's URLs want it. */
public record Cik(long value) implements CompanyIdentifier {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");
    private static final long MAX = 9_999_999_999L;

    public Cik {
        if (value <= 0 || value > MAX) {
            throw new InvalidValueException("cik must be a positive number of at most 10 digits");
        }
    }

    @JsonCreator
    public static Cik of(String raw) {
        if (raw == null || !DIGITS.matcher(raw.trim()).matches()) {
            throw new InvalidValueException("cik must be 1 to 10 digits");
        }
        return new Cik(Long.parseLong(raw.trim()));
    }

    /** Zero-padded to 10 digits, e.g. 0000320193; also its JSON form. */
    @JsonValue
    public String padded() {
        return String.format("%010d", value);
    }

    @Override
    public String token() {
        return "cik:" + padded();
    }

    @Override
    public String toString() {
        return padded();
    }
}
