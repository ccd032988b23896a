package com.aperilex.flow.api;

import com.aperilex.flow.domain.ApiLinks;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.ImportId;
import com.aperilex.flow.domain.InvalidValueException;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.imports.ImportQueries;
import com.aperilex.flow.persistence.ImportRecords;
import com.aperilex.flow.problem.Problem;
import com.aperilex.flow.problem.ProblemType;
import com.aperilex.flow.security.SecurityProblems;
import com.aperilex.flow.security.StreamTokens;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * GET /api/v1/imports/{importId}/events: the import's progress as Server-Sent Events, {@code event: progress} with
 * the same JSON as GET /api/v1/imports/{importId}, at once and then whenever it changes (read every
 * {@value #POLL_MILLIS} ms: an import changes with every task, so its events are its state, not every transition),
 * ending after COMPLETED or CANCELLED. Who may follow: as a task's stream, the holder of the stream token of the
 * import's 202 reply, or its owner or an administrator by bearer token; anyone else's import is 404.
 */
@RestController
public class ImportEventsController {
    private static final Logger LOG = LoggerFactory.getLogger(ImportEventsController.class);
    static final long POLL_MILLIS = 1000;
    /** Import streams one replica holds at once; more are 503 too-many-streams. */
    static final int MAX_STREAMS = 500;
    private static final Duration STREAM_TIMEOUT = Duration.ofHours(6);

    private final ImportRecords records;
    private final ObjectMapper json;
    private final StreamTokens streamTokens;
    private final Clock clock;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "import-events");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger open = new AtomicInteger();

    public ImportEventsController(ImportRecords records, ObjectMapper json, StreamTokens streamTokens, Clock clock) {
        this.records = records;
        this.json = json;
        this.streamTokens = streamTokens;
        this.clock = clock;
    }

    @GetMapping(ApiLinks.BASE + "/imports/{importId}/events")
    public ResponseEntity<?> events(@PathVariable("importId") String rawId,
                                    @RequestParam(name = "token", required = false) String token,
                                    HttpServletRequest request) throws JsonProcessingException {
        String instance = request.getRequestURI();
        ImportId id;
        try {
            id = ImportId.parse(rawId);
        } catch (InvalidValueException e) {
            return problem(ProblemType.MALFORMED_ID, e.getMessage(), instance, null);
        }
        Caller caller = (Caller) request.getAttribute(Caller.REQUEST_ATTRIBUTE);
        Optional<UserId> tokenUser;
        try {
            tokenUser = token == null ? Optional.empty() : streamTokens.verify(token, id, clock.instant());
        } catch (StreamTokens.KeyUnavailableException e) {
            LOG.error("Cannot verify a stream token on {}: {}", instance, e.toString());
            return StreamProblems.keyUnavailable(json, instance);
        }
        Optional<ImportRecords.View> view = records.view(id, 0);
        boolean visible;
        if (tokenUser.isPresent()) {
            visible = view.filter(v -> tokenUser.get().equals(v.owner())).isPresent();
        } else if (token != null && caller == null) {
            return unauthenticated(instance, "invalid_token");
        } else if (caller != null) {
            visible = view.filter(v -> ImportQueries.visibleTo(v, caller)).isPresent();
        } else {
            return unauthenticated(instance, null);
        }
        if (!visible) {
            return problem(ProblemType.NOT_FOUND, "no import " + id, instance, null);
        }
        if (open.incrementAndGet() > MAX_STREAMS) {
            open.decrementAndGet();
            return problem(ProblemType.TOO_MANY_STREAMS, "This replica holds the most event streams it may; retry "
                    + "shortly or poll " + ApiLinks.importStatus(id), instance, "2");
        }
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        AtomicReference<String> last = new AtomicReference<>();
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable closed = () -> {
            ScheduledFuture<?> t = task.getAndSet(null);
            if (t != null) {
                t.cancel(false);
                open.decrementAndGet();
            }
        };
        emitter.onCompletion(closed);
        emitter.onTimeout(closed);
        emitter.onError(e -> closed.run());
        task.set(poller.scheduleWithFixedDelay(() -> send(id, emitter, last, closed), 0, POLL_MILLIS,
                TimeUnit.MILLISECONDS));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("X-Accel-Buffering", "no")
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .body(emitter);
    }

    private void send(ImportId id, SseEmitter emitter, AtomicReference<String> last, Runnable closed) {
        try {
            Optional<ImportRecords.View> view = records.view(id, ImportQueries.MAX_FAILURES);
            if (view.isEmpty()) {
                closed.run();
                emitter.complete();
                return;
            }
            String body = json.writeValueAsString(ApiReplies.ImportView.of(view.get(), json));
            if (!body.equals(last.get())) {
                last.set(body);
                emitter.send(SseEmitter.event().name("progress").data(body, MediaType.APPLICATION_JSON));
            }
            if (view.get().status().finished()) {
                closed.run();
                emitter.complete();
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away (or the emitter is done): stop polling for it.
            closed.run();
        } catch (RuntimeException e) {
            LOG.warn("Import stream {} failed: {}", id, e.toString());
            closed.run();
            emitter.completeWithError(e);
        }
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }

    private ResponseEntity<byte[]> unauthenticated(String instance, String error) throws JsonProcessingException {
        return StreamProblems.unauthenticated(json, instance, error, "this import");
    }

    private ResponseEntity<byte[]> problem(ProblemType type, String detail, String instance, String retryAfter)
            throws JsonProcessingException {
        return StreamProblems.problem(json, type, detail, instance, retryAfter);
    }
}
