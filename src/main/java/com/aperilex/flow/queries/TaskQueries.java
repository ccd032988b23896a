package com.aperilex.flow.queries;

import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.domain.Sha256;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.persistence.AnalysisRepository;
import com.aperilex.flow.persistence.TaskRecord;
import com.aperilex.flow.persistence.TaskReads;
import com.aperilex.flow.storage.DocumentStorage;
import com.aperilex.flow.domain.TaskStatus;
import com.aperilex.flow.events.TaskEventHub;
import com.aperilex.flow.problem.FieldError;
import com.aperilex.flow.intake.InvalidRequestException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Read side of the API: a task by id (optionally long-polled), an analysis document by id. A task is its owner's
 * (and administrators'): to anyone else it is answered exactly as an unknown id, so ids reveal nothing.
 */
@Component("taskQueries")
public class TaskQueries {
    private static final Logger LOG = LoggerFactory.getLogger(TaskQueries.class);
    static final int MAX_WAIT_SECONDS = 30;

    private final TaskReads tasks;
    private final AnalysisRepository analyses;
    private final DocumentStorage storage;
    private final TaskEventHub hub;

    public TaskQueries(TaskReads tasks, AnalysisRepository analyses, DocumentStorage storage, TaskEventHub hub) {
        this.tasks = tasks;
        this.analyses = analyses;
        this.storage = storage;
        this.hub = hub;
    }

    /**
     * The task; with {@code waitSeconds} (at most 30) a long-poll: answers as soon as the task's status
     * differs from {@code ifStatus} (by default the status it has now), or when the time is up.
     */
    public TaskRecord task(@Header("taskId") String rawId, @Header("waitSeconds") String waitSeconds,
                           @Header("ifStatus") String ifStatus, @ExchangeProperty(Caller.PROPERTY) Caller caller)
            throws InterruptedException {
        TaskId id = TaskId.parse(rawId);
        Duration wait = waitDuration(waitSeconds);
        TaskStatus expected = ifStatus == null || ifStatus.isBlank() ? null : status(ifStatus);
        if (wait.isZero()) {
            return find(id, caller);
        }
        // Listen before looking, so a change between the look and the wait is not missed.
        BlockingQueue<Boolean> changed = new LinkedBlockingQueue<>();
        TaskEventHub.Listener listener = () -> changed.offer(Boolean.TRUE);
        hub.subscribe(id, listener);
        try {
            TaskRecord task = find(id, caller);
            TaskStatus unchanged = expected == null ? task.status() : expected;
            long deadline = System.nanoTime() + wait.toNanos();
            while (task.status() == unchanged) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || changed.poll(left, TimeUnit.NANOSECONDS) == null) {
                    break;
                }
                changed.clear();
                task = find(id);
            }
            return task;
        } finally {
            hub.unsubscribe(id, listener);
        }
    }

    /** Whether the task exists and {@code caller} may see it (the event stream answers 404 otherwise). */
    public boolean visible(TaskId id, Caller caller) {
        return tasks.find(id).filter(task -> visibleTo(task, caller)).isPresent();
    }

    /** Whether the task exists and belongs to {@code user} (a stream token's user). */
    public boolean ownedBy(TaskId id, UserId user) {
        return tasks.find(id).filter(task -> task.ownedBy(user)).isPresent();
    }

    private TaskRecord find(TaskId id, Caller caller) {
        return tasks.find(id).filter(task -> visibleTo(task, caller))
                .orElseThrow(() -> new ResourceNotFoundException("no task " + id));
    }

    private static boolean visibleTo(TaskRecord task, Caller caller) {
        return caller != null && (caller.admin() || task.ownedBy(caller.userId()));
    }

    private TaskRecord find(TaskId id) {
        return tasks.find(id).orElseThrow(() -> new ResourceNotFoundException("no task " + id));
    }

    private static Duration waitDuration(String raw) {
        if (raw == null || raw.isBlank()) {
            return Duration.ZERO;
        }
        if (!raw.strip().matches("[0-9]{1,2}") || Integer.parseInt(raw.strip()) > MAX_WAIT_SECONDS) {
            throw new InvalidRequestException(List.of(new FieldError("waitSeconds",
                    "must be a whole number of seconds from 0 to " + MAX_WAIT_SECONDS)));
        }
        return Duration.ofSeconds(Integer.parseInt(raw.strip()));
    }

    private static TaskStatus status(String raw) {
        try {
            return TaskStatus.valueOf(raw.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(List.of(new FieldError("ifStatus",
                    "must be one of " + java.util.Arrays.toString(TaskStatus.values()))));
        }
    }

    /**
     * The analysis document as stored, verified against the SHA-256 and size recorded on its row (rows from
     * before checksums were kept are served unverified). A document that is missing or fails the check is
     * never served: the failure is logged and the caller told the analysis is unavailable.
     */
    public byte[] analysisDocument(@Header("analysisId") String rawId) {
        AnalysisId id = AnalysisId.parse(rawId);
        AnalysisRepository.StoredDocument recorded = analyses.document(id)
                .orElseThrow(() -> new ResourceNotFoundException("no analysis " + id));
        Optional<byte[]> stored = storage.get(recorded.key());
        if (stored.isEmpty()) {
            LOG.error("Analysis {} is recorded at {} but storage has nothing there; not served", id, recorded.key());
            throw unavailable(id);
        }
        byte[] document = stored.get();
        if (recorded.sha256() != null) {
            String actual = Sha256.hex(document);
            if (!actual.equals(recorded.sha256())
                    || (recorded.sizeBytes() != null && recorded.sizeBytes() != document.length)) {
                LOG.error("Analysis {} at {} fails its checksum (recorded {} of {} bytes, found {} of {} bytes); not served",
                        id, recorded.key(), recorded.sha256(), recorded.sizeBytes(), actual, document.length);
                throw unavailable(id);
            }
        }
        return document;
    }

    private static AnalysisUnavailableException unavailable(AnalysisId id) {
        return new AnalysisUnavailableException("analysis " + id
                + " is unavailable: its stored document failed its integrity check; this has been logged");
    }
}
