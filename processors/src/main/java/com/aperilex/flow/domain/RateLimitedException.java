package com.aperilex.flow.domain;

/**
 * The caller used up a request window (429 rate-limited): the window, its limit and the seconds until it starts
 * over, which the reply carries as Retry-After and RateLimit-Reset.
 */
public class RateLimitedException extends RuntimeException {
    private final RateWindow window;
    private final int limit;
    private final long retryAfterSeconds;

    public RateLimitedException(RateWindow window, int limit, long retryAfterSeconds, boolean anonymous) {
        super("The " + window.adjective() + " request limit of " + limit + (anonymous ? " per client address for callers without a verified identity" : "")
                + " is used up; retry in " + retryAfterSeconds + " seconds.");
        this.window = window;
        this.limit = limit;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public RateWindow window() {
        return window;
    }

    public int limit() {
        return limit;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
