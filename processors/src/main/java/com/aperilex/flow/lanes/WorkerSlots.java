package com.aperilex.flow.lanes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker's processing slots, shared by its lane consumers: a consumer asks for a slot before it takes
 * a task and gives it back when the task is done, so at most {@code slots} tasks run at once whatever the
 * number of lanes and consumers.
 *
 * <p>Fairness rule. While a slot is free a request gets it at once. Otherwise requests wait, first come
 * first served within a lane, and a slot that frees goes to the highest lane with a waiting request, except
 * that once {@code maxPasses} slots in a row went by priority, a lane whose waiting request has been passed over
 * at least {@code maxPasses} times gets the next one (the lane passed over longest, the higher on a tie). A
 * lane's count starts again from zero when it gets a slot or has nothing waiting. So the highest waiting lane
 * gets at least {@code maxPasses} of every {@code maxPasses + 1} slots, whatever the number of lanes, and the
 * lowest lane never starves: the lane passed over longest is the next served out of turn, so its waiting
 * request is served within about {@code (maxPasses + 1)} x (number of lanes) grants.
 *
 * <p>Plain monitor-based code: {@link #request} never blocks and hands back a {@link Ticket}, granted at
 * once or later by a {@link #release}; {@link Ticket#await} blocks until it is granted. {@link #close} (the
 * worker is stopping) refuses every request still waiting and every later one, so a stopping worker finishes
 * the tasks it runs without starting those that were waiting.
 */
public final class WorkerSlots {
    private final int slots;
    private final int maxPasses;
    private final List<ArrayDeque<Ticket>> waiting = new ArrayList<>();
    private final int[] passes;
    private int free;
    private boolean closed;
    /** Slots granted by priority since a passed-over lane last had its turn. */
    private int grantsByPriority;

    /**
     * @param slots     tasks that may run at once (the worker's concurrency)
     * @param lanes     number of lanes, rank 0 the highest
     * @param maxPasses times in a row a lane with a waiting request may be passed over for higher lanes
     */
    public WorkerSlots(int slots, int lanes, int maxPasses) {
        if (slots < 1 || lanes < 1 || maxPasses < 1) {
            throw new IllegalArgumentException("slots, lanes and maxPasses must be at least 1");
        }
        this.slots = slots;
        this.maxPasses = maxPasses;
        this.free = slots;
        this.passes = new int[lanes];
        for (int i = 0; i < lanes; i++) {
            waiting.add(new ArrayDeque<>());
        }
    }

    /** A request for a slot in lane {@code rank} (0 the highest): granted at once if a slot is free. */
    public synchronized Ticket request(int rank) {
        if (rank < 0 || rank >= waiting.size()) {
            throw new IllegalArgumentException("no lane of rank " + rank);
        }
        Ticket ticket = new Ticket(rank);
        if (closed) {
            ticket.refused = true;
        } else if (free > 0) {
            free--;
            ticket.granted = true;
        } else {
            waiting.get(rank).addLast(ticket);
        }
        return ticket;
    }

    /** Blocks until this worker has a slot for a task of lane {@code rank}; {@link #release} it when done. */
    public void acquire(int rank) throws InterruptedException {
        request(rank).await();
    }

    /** Gives a slot back: the next waiting request, by the fairness rule, gets it. */
    public synchronized void release() {
        Ticket next = closed ? null : next();
        if (next == null) {
            if (free == slots) {
                throw new IllegalStateException("release without a granted slot");
            }
            free++;
            return;
        }
        next.granted = true;
        notifyAll();
    }

    /** Refuses every waiting and every later request ({@link SlotsClosedException}); granted slots stay held. */
    public synchronized void close() {
        closed = true;
        for (ArrayDeque<Ticket> lane : waiting) {
            for (Ticket ticket : lane) {
                ticket.refused = true;
            }
            lane.clear();
        }
        notifyAll();
    }

    /** Requests waiting in lane {@code rank}. */
    public synchronized int waiting(int rank) {
        return waiting.get(rank).size();
    }

    /** Slots no task holds. */
    public synchronized int free() {
        return free;
    }

    /** Removes and returns the request the fairness rule serves next, or null if none waits; counts the passes. */
    private Ticket next() {
        int highest = -1;
        int starved = -1;
        for (int rank = 0; rank < waiting.size(); rank++) {
            if (waiting.get(rank).isEmpty()) {
                passes[rank] = 0;
                continue;
            }
            if (highest < 0) {
                highest = rank;
            } else if (passes[rank] >= maxPasses && (starved < 0 || passes[rank] > passes[starved])) {
                // the lane passed over longest (the higher one on a tie)
                starved = rank;
            }
        }
        if (highest < 0) {
            return null;
        }
        // At most one passed-over lane's turn per maxPasses grants by priority, whatever the number of lanes.
        int chosen;
        if (starved >= 0 && grantsByPriority >= maxPasses) {
            chosen = starved;
            grantsByPriority = 0;
        } else {
            chosen = highest;
            grantsByPriority++;
        }
        for (int rank = highest; rank < waiting.size(); rank++) {
            if (rank != chosen && !waiting.get(rank).isEmpty()) {
                passes[rank]++;
            }
        }
        passes[chosen] = 0;
        return waiting.get(chosen).pollFirst();
    }

    /** One request for a slot. */
    public final class Ticket {
        private final int rank;
        private boolean granted;
        private boolean refused;

        private Ticket(int rank) {
            this.rank = rank;
        }

        public int rank() {
            return rank;
        }

        public boolean granted() {
            synchronized (WorkerSlots.this) {
                return granted;
            }
        }

        /** Whether the request was refused: the slots were closed before it was granted. */
        public boolean refused() {
            synchronized (WorkerSlots.this) {
                return refused;
            }
        }

        /**
         * Blocks until the slot is granted. Interrupted while waiting, the request is withdrawn (or, granted
         * meanwhile, its slot given back) and the interrupt is thrown.
         *
         * @throws SlotsClosedException if the slots were closed before this request was granted
         */
        public void await() throws InterruptedException {
            synchronized (WorkerSlots.this) {
                try {
                    while (!granted && !refused) {
                        WorkerSlots.this.wait();
                    }
                    if (refused) {
                        throw new SlotsClosedException();
                    }
                } catch (InterruptedException e) {
                    if (granted) {
                        release();
                    } else {
                        waiting.get(rank).remove(this);
                    }
                    throw e;
                }
            }
        }
    }
}
