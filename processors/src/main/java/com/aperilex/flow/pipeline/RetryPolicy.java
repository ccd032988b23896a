package com.aperilex.flow.pipeline;

import com.aperilex.flow.domain.FilingFailure;
import com.aperilex.flow.domain.TaskFailure;
import com.aperilex.flow.domain.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter for transient failures, a task's own or its filing's analysis': the n-th
 * retry waits {@code min(max, initial * multiplier^(n-1))}, of which a random share up to {@code jitter} is
 * taken off so that tasks failing together do not come back together.
 *
 * @param maxAttempts runs in all, the first included; the task (or the filing's analysis) fails after this many
 * @param jitter      0 (none) to 1 (full jitter)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier,
                          double jitter) {

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (jitter < 0.0 || jitter > 1.0) {
            throw new IllegalArgumentException("jitter must be within 0..1");
        }
    }

    /** Whether a task that has run {@code attemptsMade} times may run again. */
    public boolean mayRetry(int attemptsMade) {
        return attemptsMade < maxAttempts;
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration backoff(int retry, RandomGenerator random) {
        double base = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
        double capped = Math.min(base, maxBackoff.toMillis());
        double withJitter = capped * (1.0 - jitter * random.nextDouble());
        return Duration.ofMillis(Math.round(withJitter));
    }

    /**
     * A random delay of up to {@code jitter} times the initial back-off, added to the time tasks that waited
     * behind one filing's retry come back, so that they do not all arrive in the same instant.
     */
    public Duration spread(RandomGenerator random) {
        long bound = Math.round(initialBackoff.toMillis() * jitter);
        return bound <= 0 ? Duration.ZERO : Duration.ofMillis(random.nextLong(bound + 1));
    }

    /**
     * The failure after the attempt {@code failedTask} just made failed with {@code failure}: the attempt
     * count goes on from {@code previous} when that failure still counts (transient, and within
     * {@code validity}), else starts again at 1; the next attempt waits this policy's back-off for that count,
     * and never less than the failure's own not-before (the end of a SEC block).
     */
    public FilingFailure afterFilingAttempt(Optional<FilingFailure> previous, TaskId failedTask, TaskFailure failure,
                                            Instant now, Duration validity, RandomGenerator random) {
        int attempts = previous.filter(p -> !p.permanent() && p.failedAt().isAfter(now.minus(validity)))
                .map(p -> p.attempts() + 1).orElse(1);
        String message = failure.getMessage() == null ? failure.code().name() : failure.getMessage();
        if (!failure.isTransient() || !mayRetry(attempts)) {
            return new FilingFailure(failedTask, failure.code(), message, true, attempts, now, null);
        }
        Instant next = now.plus(backoff(attempts, random));
        if (failure.notBefore().isPresent() && failure.notBefore().get().isAfter(next)) {
            next = failure.notBefore().get();
        }
        return new FilingFailure(failedTask, failure.code(), message, false, attempts, now, next);
    }
}
