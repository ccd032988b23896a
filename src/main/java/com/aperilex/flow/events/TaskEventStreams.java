package com.aperilex.flow.events;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.TaskId;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
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
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open event streams of this replica, at most {@code aperilex.events.max-streams}. Each stream is
 * woken by the hub, reads its task's new transitions from the database and sends them in order; sends
 * run on a small pool, one at a time per stream, so a slow client holds up only its own stream. A
 * heartbeat comment keeps idle streams open through proxies; a failed send releases the stream at once.
 */
@Component
public class TaskEventStreams implements DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(TaskEventStreams.class);

    private final TaskEventHub hub;
    private final TaskEventRepository events;
    private final AperilexProperties.Events settings;
    private final AtomicInteger open = new AtomicInteger();
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

    /**
     * Opens a stream of the task's events after {@code lastEventId} (or from its current status when
     * null); empty when this replica already holds the most streams it may.
     */
    public Optional<SseEmitter> open(TaskId task, Long lastEventId) {
        if (open.incrementAndGet() > settings.maxStreams()) {
            open.decrementAndGet();
            return Optional.empty();
        }
        SseEmitter emitter = new SseEmitter(settings.streamTimeout().toMillis());
        Stream stream = new Stream(task, emitter, lastEventId);
        streams.add(stream);
        emitter.onCompletion(stream::release);
        emitter.onTimeout(stream::release);
        emitter.onError(e -> stream.release());
        // Listen first, then read: a transition recorded in between is read twice at worst, never lost.
        hub.subscribe(task, stream);
        senders.execute(stream::sendNew);
        return Optional.of(emitter);
    }

    public int openStreams() {
        return open.get();
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

        Stream(TaskId task, SseEmitter emitter, Long lastEventId) {
            this.task = task;
            this.emitter = emitter;
            this.lastSent = lastEventId;
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
            open.decrementAndGet();
        }
    }
}
