package com.aperilex.flow.message;

/** A queued message that is not a task this service can read; it belongs in the dead-letter destination. */
public final class UnreadableTaskMessageException extends RuntimeException {
    public UnreadableTaskMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
