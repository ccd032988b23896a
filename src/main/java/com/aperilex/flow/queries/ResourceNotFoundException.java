package com.aperilex.flow.queries;

/** The addressed task or analysis does not exist (404). */
public final class ResourceNotFoundException extends RuntimeException {
    public ResourceNotFoundException(String message) {
        super(message);
    }
}
