package com.aperilex.flow.domain;

/**
 * Where a caller stands against the tightest of their request windows once this request is counted: the
 * values of the RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset headers.
 *
 * @param limited      false when no window limits the caller (the headers are then left out)
 * @param resetSeconds seconds until the tightest window starts over
 */
public record RateLimitState(boolean limited, int limit, int remaining, long resetSeconds) {
    public static RateLimitState unlimited() {
        return new RateLimitState(false, 0, 0, 0);
    }
}
