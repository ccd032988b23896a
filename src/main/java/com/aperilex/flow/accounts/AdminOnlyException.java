package com.aperilex.flow.accounts;

/** The caller is authenticated but is not an administrator: 403 forbidden. */
public final class AdminOnlyException extends RuntimeException {
    public AdminOnlyException() {
        super("Only administrators may do this.");
    }
}
