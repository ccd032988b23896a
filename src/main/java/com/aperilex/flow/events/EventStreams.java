package com.aperilex.flow.events;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.limits.ConcurrencyLimit;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open event streams of this replica, of tasks and of imports alike, at most {@code aperilex.events.max-streams}
 * in all and {@code max-streams-per-user} for one user (or client address), so one holder cannot take a replica's
 * connections (or its database, an import stream reading its import every {@code poll-interval}). A task stream is
 * woken by the hub, reads its task's new transitions from the database and sends them in order; an import stream
 * reads its import's state every {@code aperilex.events.poll-interval} and sends it when it changed. Sends run on a
 * small pool, one at a time per stream, so a slow client holds up only its own stream. A heartbeat comment keeps
 * idle streams open through proxies; a failed send releases the stream at once.
 *
 * <p>When shutdown begins (this lifecycle stops before the web server's graceful shutdown), every open
 * stream is ended cleanly with a short reconnect hint, so its client resumes on another replica (a task stream
 * with Last-Event-ID) and the graceful shutdown is not held up by streams that would otherwise last 30 minutes.
 */
@Component
public class EventStreams implements SmartLifecycle, DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);

    private final TaskEventHub hub;
    private final TaskEventRepository events;
    private final AperilexProperties.Events settings;
    /** How soon a client whose stream ended at shutdown should reconnect (to another replica). */
    private static final long RECONNECT_MILLIS = 1000;

    private final ConcurrencyLimit limit;
    private volatile boolean running;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final ExecutorService senders;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "event-stream-timer");
        t.setDaemon(true);
        return t;
    });

    public EventStreams(TaskEventHub hub, TaskEventRepository events, AperilexProperties properties) {
        this.hub = hub;
        this.events = events;
        this.settings = properties.events();
        this.limit = new ConcurrencyLimit(settings.maxStreams(), settings.maxStreamsPerUser());
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(settings.senderThreads(), r -> {
            Thread t = new Thread(r, "event-stream-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long every = settings.heartbeat().toMillis();
        timers.scheduleAtFixedRate(() -> streams.forEach(s -> senders.execute(s::heartbeat)), every, every,
                TimeUnit.MILLISECONDS);
    }

    /** Why no stream was opened. */
    public enum Refusal { REPLICA_FULL, USER_FULL, SHUTTING_DOWN }

    /** A stream opened, or why not; exactly one of the two is set. */
    public record Opened(SseEmitter emitter, Refusal refusal) {
    }

    /** What a polled stream follows: its resource's state now, or empty once the resource is gone. */
    @FunctionalInterface
    public interface PolledState {
        Optional<State> read();
    }

    /**
     * One state of a polled resource.
     *
     * @param json     the state as JSON, sent as the event's data when it differs from the last one sent
     * @param finished whether the resource will not change again (the stream ends after sending it)
     */
    public record State(String json, boolean finished) {
    }

    /**
     * Opens a stream of the task's events after {@code lastEventId} (or from its current status when
     * null), counted against {@code holder} (the user, or the client's address).
     */
    public Opened open(TaskId task, Long lastEventId, String holder) {
        return open(holder, (emitter, place) -> {
            TaskStream stream = new TaskStream(task, emitter, lastEventId, place);
            // Listen first, then read: a transition recorded in between is read twice at worst, never lost.
            hub.subscribe(task, stream);
            return stream;
        });
    }

    /**
     * Opens a stream that reads {@code state} every {@code aperilex.events.poll-interval} (the first time at once)
     * and sends it as an event named {@code eventName} whenever it changed, until it is finished or gone; counted
     * against {@code holder} as a task stream is.
     */
    public Opened openPolled(String eventName, PolledState state, String holder) {
        return open(holder, (emitter, place) -> new PolledStream(eventName, state, emitter, place));
    }

    private Opened open(String holder, BiFunction<SseEmitter, ConcurrencyLimit.Permit, Stream> make) {
        if (!running) {
            return new Opened(null, Refusal.SHUTTING_DOWN);
        }
        ConcurrencyLimit.Result place = limit.tryAcquire(holder);
        if (place.permit() == null) {
            return new Opened(null, place.refusal() == ConcurrencyLimit.Refusal.KEY_FULL ? Refusal.USER_FULL
                    : Refusal.REPLICA_FULL);
        }
        SseEmitter emitter = new SseEmitter(settings.streamTimeout().toMillis());
        Stream stream = make.apply(emitter, place.permit());
        streams.add(stream);
        emitter.onCompletion(stream::release);
        emitter.onTimeout(stream::release);
        emitter.onError(e -> stream.release());
        stream.started();
        return new Opened(emitter, null);
    }

    /** This replica's open streams, of tasks and imports. */
    public int openStreams() {
        return limit.inUse();
    }

    @Override
    public void start() {
        running = true;
    }

    /** Shutdown begins: end every open stream now (cleanly), and open no more. */
    @Override
    public void stop() {
        running = false;
        int ended = 0;
        for (Stream stream : streams) {
            stream.endForShutdown();
            ended++;
        }
        if (ended > 0) {
            LOG.info("Shutting down: ended {} open event streams; their clients resume elsewhere", ended);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        timers.shutdownNow();
        streams.forEach(s -> s.emitter.complete());
        senders.shutdownNow();
    }

    /** One client's stream: its emitter, its place in the limits, its heartbeat and its end. */
    private abstract class Stream {
        final SseEmitter emitter;
        /** Nothing more is sent (the last event went, or shutdown ended it). */
        boolean finished;
        private boolean released;
        private final ConcurrencyLimit.Permit place;

        Stream(SseEmitter emitter, ConcurrencyLimit.Permit place) {
            this.emitter = emitter;
            this.place = place;
        }

        /** The stream is registered: send what there is. */
        abstract void started();

        /** Stops what feeds the stream (the hub's wake-ups, the poll). */
        abstract void detach();

        synchronized boolean closed() {
            return finished || released;
        }

        /** The last event was sent: end the stream. */
        void finish() {
            finished = true;
            emitter.complete();
            release();
        }

        /** A send failed: the client went away, or the response is already closed. */
        void failed(Exception e) {
            emitter.completeWithError(e);
            release();
        }

        /** Ends the stream with a reconnect hint; the client resumes elsewhere. */
        synchronized void endForShutdown() {
            if (closed()) {
                return;
            }
            finished = true;
            try {
                emitter.send(SseEmitter.event().reconnectTime(RECONNECT_MILLIS).comment("server shutting down"));
                emitter.complete();
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
            }
            release();
        }

        synchronized void heartbeat() {
            if (closed()) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().comment("heartbeat"));
            } catch (IOException | IllegalStateException e) {
                failed(e);
            }
        }

        void release() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            detach();
            streams.remove(this);
            place.close();
        }
    }

    /** One client's stream of one task's events. */
    private final class TaskStream extends Stream implements TaskEventHub.Listener {
        private final TaskId task;
        /** The last event sent, or null before the first (then the current status comes first). */
        private Long lastSent;

        TaskStream(TaskId task, SseEmitter emitter, Long lastEventId, ConcurrencyLimit.Permit place) {
            super(emitter, place);
            this.task = task;
            this.lastSent = lastEventId;
        }

        @Override
        void started() {
            senders.execute(this::sendNew);
        }

        @Override
        public void changed() {
            senders.execute(this::sendNew);
        }

        synchronized void sendNew() {
            if (closed()) {
                return;
            }
            try {
                List<TaskEvent> next = lastSent == null
                        ? events.latest(task).map(List::of).orElse(List.of())
                        : events.since(task, lastSent);
                for (TaskEvent event : next) {
                    emitter.send(SseEmitter.event().id(Long.toString(event.id()))
                            .data(event, MediaType.APPLICATION_JSON));
                    lastSent = event.id();
                    if (event.terminal()) {
                        finish();
                        return;
                    }
                }
            } catch (IOException | IllegalStateException e) {
                failed(e);
            } catch (RuntimeException e) {
                LOG.warn("Could not read events of task {}: {}", task, e.toString());
            }
        }

        @Override
        void detach() {
            hub.unsubscribe(task, this);
        }
    }

    /** One client's stream of a polled resource's states (an import's progress). */
    private final class PolledStream extends Stream {
        private final String eventName;
        private final PolledState state;
        private String lastSent;
        private volatile ScheduledFuture<?> poll;

        PolledStream(String eventName, PolledState state, SseEmitter emitter, ConcurrencyLimit.Permit place) {
            super(emitter, place);
            this.eventName = eventName;
            this.state = state;
        }

        @Override
        void started() {
            long every = settings.pollInterval().toMillis();
            poll = timers.scheduleWithFixedDelay(() -> senders.execute(this::sendChanged), 0, every,
                    TimeUnit.MILLISECONDS);
        }

        synchronized void sendChanged() {
            if (closed()) {
                return;
            }
            try {
                Optional<State> now = state.read();
                if (now.isEmpty()) {
                    finish();
                    return;
                }
                if (!now.get().json().equals(lastSent)) {
                    emitter.send(SseEmitter.event().name(eventName).data(now.get().json(), MediaType.APPLICATION_JSON));
                    lastSent = now.get().json();
                }
                if (now.get().finished()) {
                    finish();
                }
            } catch (IOException | IllegalStateException e) {
                failed(e);
            } catch (RuntimeException e) {
                // A failed read (the database away for a moment): the next poll tries again.
                LOG.warn("Could not read the state of a {} stream: {}", eventName, e.toString());
            }
        }

        @Override
        void detach() {
            ScheduledFuture<?> p = poll;
            if (p != null) {
                p.cancel(false);
            }
        }
    }
}
