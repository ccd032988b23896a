package com.aperilex.flow.pipeline;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter for a task's transient failures: the n-th retry waits
 * {@code min(max, initial * multiplier^(n-1))}, of which a random share up to {@code jitter} is taken
 * off so that tasks failing together do not come back together.
 *
 * @param maxAttempts runs in all, the first included; the task fails after this many
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
}
