package com.aperilex.flow.limits;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many of something (long-polls, event streams) one replica holds open at once: at most {@code total}
 * in all and at most {@code perKey} for any one key (a user, or a client address when there is no user).
 * A permit is released exactly once, however often {@link Permit#close()} is called.
 */
public final class ConcurrencyLimit {
    /** Why a permit was refused. */
    public enum Refusal { REPLICA_FULL, KEY_FULL }

    private final int total;
    private final int perKey;
    private final Map<String, Integer> held = new ConcurrentHashMap<>();
    private int inUse;

    public ConcurrencyLimit(int total, int perKey) {
        if (total < 1 || perKey < 1) {
            throw new IllegalArgumentException("limits must be at least 1: total " + total + ", per key " + perKey);
        }
        this.total = total;
        this.perKey = perKey;
    }

    /** A permit for {@code key}, or the reason there is none. */
    public Result tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        synchronized (this) {
            if (inUse >= total) {
                return new Result(null, Refusal.REPLICA_FULL);
            }
            int mine = held.getOrDefault(key, 0);
            if (mine >= perKey) {
                return new Result(null, Refusal.KEY_FULL);
            }
            held.put(key, mine + 1);
            inUse++;
        }
        return new Result(new Permit(key), null);
    }

    public synchronized int inUse() {
        return inUse;
    }

    public int heldBy(String key) {
        return held.getOrDefault(key, 0);
    }

    private synchronized void release(String key) {
        held.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
        inUse--;
    }

    /** A permit or the refusal; exactly one of the two is present. */
    public record Result(Permit permit, Refusal refusal) {
        public Optional<Permit> granted() {
            return Optional.ofNullable(permit);
        }
    }

    /** One held place; closing it gives the place back (once). */
    public final class Permit implements AutoCloseable {
        private final String key;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String key) {
            this.key = key;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release(key);
            }
        }
    }
}
