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
import com.aperilex.flow.intake.TaskWait;
import java.util.Optional;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Read side of the API: a task by id, an analysis document by id. A task is its owner's (and
 * administrators'): to anyone else it is answered exactly as an unknown id, so ids reveal nothing.
 */
@Component("taskQueries")
public class TaskQueries {
    private static final Logger LOG = LoggerFactory.getLogger(TaskQueries.class);

    private final TaskReads tasks;
    private final AnalysisRepository analyses;
    private final DocumentStorage storage;

    public TaskQueries(TaskReads tasks, AnalysisRepository analyses, DocumentStorage storage) {
        this.tasks = tasks;
        this.analyses = analyses;
        this.storage = storage;
    }

    /**
     * The task as it is now. {@code waitSeconds} and {@code ifStatus} are checked here too, but the waiting
     * itself is done before the route runs, without a thread ({@code api.TaskLongPolls}): by the time the
     * route asks, the answer is due.
     */
    public TaskRecord task(@Header("taskId") String rawId, @Header("waitSeconds") String waitSeconds,
                           @Header("ifStatus") String ifStatus, @ExchangeProperty(Caller.PROPERTY) Caller caller) {
        TaskId id = TaskId.parse(rawId);
        TaskWait.parse(waitSeconds, ifStatus);
        return find(id, caller);
    }

    /** The task's status now, if the task exists and {@code caller} may see it (the long-poll's first look). */
    public Optional<TaskStatus> visibleStatus(TaskId id, Caller caller) {
        return tasks.find(id).filter(task -> visibleTo(task, caller)).map(TaskRecord::status);
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
