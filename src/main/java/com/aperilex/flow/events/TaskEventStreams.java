package com.aperilex.flow.events;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.limits.ConcurrencyLimit;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open event streams of this replica, at most {@code aperilex.events.max-streams} in all and
 * {@code max-streams-per-user} for one user (or client address). Each stream is
 * woken by the hub, reads its task's new transitions from the database and sends them in order; sends
 * run on a small pool, one at a time per stream, so a slow client holds up only its own stream. A
 * heartbeat comment keeps idle streams open through proxies; a failed send releases the stream at once.
 *
 * <p>When shutdown begins (this lifecycle stops before the web server's graceful shutdown), every open
 * stream is ended cleanly with a short reconnect hint, so its client resumes on another replica with
 * Last-Event-ID and the graceful shutdown is not held up by streams that would otherwise last 30 minutes.
 */
@Component
public class TaskEventStreams implements SmartLifecycle, DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(TaskEventStreams.class);

    private final TaskEventHub hub;
    private final TaskEventRepository events;
    private final AperilexProperties.Events settings;
    /** How soon a client whose stream ended at shutdown should reconnect (to another replica). */
    private static final long RECONNECT_MILLIS = 1000;

    private final ConcurrencyLimit limit;
    private volatile boolean running;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final ExecutorService senders;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "task-event-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public TaskEventStreams(TaskEventHub hub, TaskEventRepository events, AperilexProperties properties) {
        this.hub = hub;
        this.events = events;
        this.settings = properties.events();
        this.limit = new ConcurrencyLimit(settings.maxStreams(), settings.maxStreamsPerUser());
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(settings.senderThreads(), r -> {
            Thread t = new Thread(r, "task-event-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long every = settings.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(() -> streams.forEach(s -> senders.execute(s::heartbeat)), every, every,
                TimeUnit.MILLISECONDS);
    }

    /** Why no stream was opened. */
    public enum Refusal { REPLICA_FULL, USER_FULL, SHUTTING_DOWN }

    /** A stream opened, or why not; exactly one of the two is set. */
    public record Opened(SseEmitter emitter, Refusal refusal) {
    }

    /**
     * Opens a stream of the task's events after {@code lastEventId} (or from its current status when
     * null), counted against {@code holder} (the user, or the client's address).
     */
    public Opened open(TaskId task, Long lastEventId, String holder) {
        if (!running) {
            return new Opened(null, Refusal.SHUTTING_DOWN);
        }
        ConcurrencyLimit.Result place = limit.tryAcquire(holder);
        if (place.permit() == null) {
            return new Opened(null, place.refusal() == ConcurrencyLimit.Refusal.KEY_FULL ? Refusal.USER_FULL
                    : Refusal.REPLICA_FULL);
        }
        SseEmitter emitter = new SseEmitter(settings.streamTimeout().toMillis());
        Stream stream = new Stream(task, emitter, lastEventId, place.permit());
        streams.add(stream);
        emitter.onCompletion(stream::release);
        emitter.onTimeout(stream::release);
        emitter.onError(e -> stream.release());
        // Listen first, then read: a transition recorded in between is read twice at worst, never lost.
        hub.subscribe(task, stream);
        senders.execute(stream::sendNew);
        return new Opened(emitter, null);
    }

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
        heartbeats.shutdownNow();
        streams.forEach(s -> s.emitter.complete());
        senders.shutdownNow();
    }

    /** One client's stream of one task's events. */
    private final class Stream implements TaskEventHub.Listener {
        private final TaskId task;
        private final SseEmitter emitter;
        /** The last event sent, or null before the first (then the current status comes first). */
        private Long lastSent;
        private boolean finished;
        private boolean released;
        private final ConcurrencyLimit.Permit place;

        Stream(TaskId task, SseEmitter emitter, Long lastEventId, ConcurrencyLimit.Permit place) {
            this.task = task;
            this.emitter = emitter;
            this.lastSent = lastEventId;
            this.place = place;
        }

        @Override
        public void changed() {
            senders.execute(this::sendNew);
        }

        synchronized void sendNew() {
            if (finished || released) {
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
                        finished = true;
                        emitter.complete();
                        release();
                        return;
                    }
                }
            } catch (IOException | IllegalStateException e) {
                // The client went away (or the response is already closed): let the stream go now.
                emitter.completeWithError(e);
                release();
            } catch (RuntimeException e) {
                LOG.warn("Could not read events of task {}: {}", task, e.toString());
            }
        }

        /** Ends the stream with a reconnect hint; the client resumes after the last event it saw. */
        synchronized void endForShutdown() {
            if (finished || released) {
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
            if (finished || released) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().comment("heartbeat"));
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
                release();
            }
        }

        void release() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            hub.unsubscribe(task, this);
            streams.remove(this);
            place.close();
        }
    }
}
