package com.aperilex.flow.intake;

/** The broker did not take a task; the request is answered 503 and nothing stays open for it. */
public final class QueueUnavailableException extends RuntimeException {
    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
