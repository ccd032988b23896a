package com.aperilex.flow.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A typed reason a task could not go on. Permanent failures end the task FAILED with their code at once;
 * transient ones leave it RETRYING and end it FAILED with their code only when retries run out.
 */
public class TaskFailure extends RuntimeException {
    private final ErrorCode code;
    private final boolean transientFailure;
    private final Instant notBefore;

    protected TaskFailure(ErrorCode code, String message, boolean transientFailure, Instant notBefore,
                          Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.transientFailure = transientFailure;
        this.notBefore = notBefore;
    }

    /** Retrying cannot help: the filing does not exist, the ticker is unknown. */
    public static TaskFailure permanent(ErrorCode code, String message) {
        return new TaskFailure(code, message, false, null, null);
    }

    /** Retrying later may help: a timeout, a 5xx, a 429. */
    public static TaskFailure retryable(ErrorCode code, String message, Throwable cause) {
        return new TaskFailure(code, message, true, null, cause);
    }

    /** Retrying helps, but not before {@code notBefore}: a fair-access block. */
    public static TaskFailure retryableAfter(ErrorCode code, String message, Instant notBefore) {
        return new TaskFailure(code, message, true, Objects.requireNonNull(notBefore, "notBefore"), null);
    }

    public ErrorCode code() {
        return code;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** The earliest time a retry makes sense, when the failure says so. */
    public Optional<Instant> notBefore() {
        return Optional.ofNullable(notBefore);
    }
}
