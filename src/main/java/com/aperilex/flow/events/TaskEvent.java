package com.aperilex.flow.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * One recorded transition of a task, as a client's event stream carries it. {@code id} (the transition's
 * sequence number) is the SSE event id, so a client resumes with Last-Event-ID; it is not in the data.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"taskId", "status", "analysisStatus", "analysisId", "analysisUrl", "error", "at"})
public record TaskEvent(
        @JsonIgnore long id,
        String taskId,
        String status,
        String analysisStatus,
        String analysisId,
        String analysisUrl,
        Error error,
        Instant at) {

    public record Error(String code, String message) {
    }

    /** The stream ends after this event. */
    @JsonIgnore
    public boolean terminal() {
        return status.equals("COMPLETED") || status.equals("FAILED");
    }
}
