package com.aperilex.flow.security;

/** The request names an email other than the caller's (403 identity-mismatch). */
public class IdentityMismatchException extends RuntimeException {
    public IdentityMismatchException(String message) {
        super(message);
    }
}
