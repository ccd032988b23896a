package com.aperilex.flow.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A user's email address, the identity of a request. Stored lower-cased so that the same person
 * asking twice with different capitalisation is deduplicated.
 */
public record Email(String value) {
    private static final int MAX_LENGTH = 254;
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}");
    private static final Pattern DOMAIN =
            Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    public Email {
        if (value == null) {
            throw new InvalidValueException("email is required");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidValueException("email must be at most " + MAX_LENGTH + " characters");
        }
        int at = value.lastIndexOf('@');
        if (at <= 0 || at == value.length() - 1 || value.indexOf('@') != at) {
            throw new InvalidValueException("email must be of the form name@domain.tld");
        }
        String local = value.substring(0, at);
        String domain = value.substring(at + 1);
        if (!LOCAL.matcher(local).matches() || local.startsWith(".") || local.endsWith(".") || local.contains("..")
                || !DOMAIN.matcher(domain).matches()) {
            throw new InvalidValueException("email must be of the form name@domain.tld");
        }
        value = value.toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Email of(String raw) {
        // trim() drops ASCII whitespace only: the address itself is checked as ASCII before it is lower-cased.
        return new Email(raw == null ? null : raw.trim());
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
