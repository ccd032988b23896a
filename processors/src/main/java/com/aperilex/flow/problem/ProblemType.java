package com.aperilex.flow.problem;

/** Every kind of problem the API answers with, its HTTP status and stable type slug. */
public enum ProblemType {
    INVALID_REQUEST(400, "invalid-request", "Invalid request"),
    MALFORMED_ID(400, "malformed-id", "Malformed identifier"),
    NOT_FOUND(404, "not-found", "Not found"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    QUEUE_UNAVAILABLE(503, "queue-unavailable", "Task queue unavailable"),
    TOO_MANY_STREAMS(503, "too-many-streams", "Too many event streams"),
    /** The analysis exists but its stored document is missing or fails its checksum: it is not served. */
    ANALYSIS_UNAVAILABLE(503, "analysis-unavailable", "Analysis unavailable"),
    INTERNAL_ERROR(500, "internal-error", "Internal error");

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }
}
