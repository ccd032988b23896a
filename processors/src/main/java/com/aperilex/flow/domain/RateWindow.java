package com.aperilex.flow.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A fixed UTC request window: the hour or the day an instant falls in ({@code rate_limit_windows.window_kind}).
 */
public enum RateWindow {
    HOUR(ChronoUnit.HOURS, "hourly"),
    DAY(ChronoUnit.DAYS, "daily");

    private final ChronoUnit unit;
    private final String adjective;

    RateWindow(ChronoUnit unit, String adjective) {
        this.unit = unit;
        this.adjective = adjective;
    }

    /** The window's start: the instant truncated to the UTC hour or day. */
    public Instant start(Instant now) {
        return now.truncatedTo(unit);
    }

    /** Whole seconds from {@code now} until the window starts over (at least 1). */
    public long secondsToReset(Instant now) {
        Instant end = start(now).plus(1, unit);
        long millis = Duration.between(now, end).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** "hourly" or "daily", for the refusal's detail. */
    public String adjective() {
        return adjective;
    }
}
