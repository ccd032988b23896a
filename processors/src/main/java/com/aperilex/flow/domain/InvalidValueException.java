package com.aperilex.flow.domain;

/** A raw value that does not make a valid domain value; the message says why, for the caller to read. */
public final class InvalidValueException extends IllegalArgumentException {
    public InvalidValueException(String message) {
        super(message);
    }
}
