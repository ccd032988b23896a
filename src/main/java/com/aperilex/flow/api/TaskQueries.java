package com.aperilex.flow.api;

import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.persistence.AnalysisRepository;
import com.aperilex.flow.persistence.TaskRecord;
import com.aperilex.flow.persistence.TaskRepository;
import com.aperilex.flow.storage.DocumentStorage;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** Read side of the API: a task by id, an analysis document by id. */
@Component("taskQueries")
public class TaskQueries {
    private final TaskRepository tasks;
    private final AnalysisRepository analyses;
    private final DocumentStorage storage;

    public TaskQueries(TaskRepository tasks, AnalysisRepository analyses, DocumentStorage storage) {
        this.tasks = tasks;
        this.analyses = analyses;
        this.storage = storage;
    }

    public TaskRecord task(@Header("taskId") String rawId) {
        TaskId id = TaskId.parse(rawId);
        return tasks.find(id).orElseThrow(() -> new ResourceNotFoundException("no task " + id));
    }

    public byte[] analysisDocument(@Header("analysisId") String rawId) {
        AnalysisId id = AnalysisId.parse(rawId);
        return analyses.storageKey(id)
                .flatMap(storage::get)
                .orElseThrow(() -> new ResourceNotFoundException("no analysis " + id));
    }
}
