package com.aperilex.flow.intake;

/** The request body is not JSON. */
public final class UnsupportedMediaTypeException extends RuntimeException {
    public UnsupportedMediaTypeException(String contentType) {
        super("Content-Type must be application/json (UTF-8), was " + (contentType == null ? "absent" : "'" + contentType + "'"));
    }
}
