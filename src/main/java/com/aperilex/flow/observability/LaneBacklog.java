package com.aperilex.flow.observability;

import java.time.Instant;

/** One lane's backlog: how many tasks wait QUEUED, and since when the oldest of them (null when none). */
public record LaneBacklog(long queued, Instant oldestQueuedAt) {
}
