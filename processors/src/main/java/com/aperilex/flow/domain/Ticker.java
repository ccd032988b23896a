package com.aperilex.flow.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Pattern;

/** A stock symbol: upper-cased letters, digits, '.' and '-', 1 to 10 characters (BRK-B and BRK.B both fit). */
public record Ticker(String value) implements CompanyIdentifier {
    private static final Pattern FORMAT = Pattern.compile("[A-Z0-9.-]{1,10}");
    private static final Pattern ASCII_FORMAT = Pattern.compile("[A-Za-z0-9.-]{1,10}");

    public Ticker {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("ticker must not be empty");
        }
        // Checked as ASCII before upper-casing: Unicode case folding maps "ſpy" to "SPY" and "ﬀ" to "FF".
        value = value.trim();
        if (!ASCII_FORMAT.matcher(value).matches()) {
            throw new InvalidValueException("ticker must be 1 to 10 letters, digits, '.' or '-'");
        }
        value = value.toUpperCase(Locale.ROOT);
        if (!FORMAT.matcher(value).matches()) {
            throw new InvalidValueException("ticker must be 1 to 10 letters, digits, '.' or '-'");
        }
    }

    @JsonCreator
    public static Ticker of(String raw) {
        return new Ticker(raw);
    }

    @Override
    public String token() {
        return "ticker:" + value;
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
