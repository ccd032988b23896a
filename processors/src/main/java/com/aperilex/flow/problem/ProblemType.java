package com.aperilex.flow.problem;

/** Every kind of problem the API answers with, its HTTP status and stable type slug. */
public enum ProblemType {
    INVALID_REQUEST(400, "invalid-request", "Invalid request"),
    MALFORMED_ID(400, "malformed-id", "Malformed identifier"),
    /** The request itself is unreadable: bad encoding, bad path, bad syntax the container refused. */
    BAD_REQUEST(400, "bad-request", "Bad request"),
    /** No credentials, or a token that is malformed, expired, wrongly signed or meant for someone else. */
    UNAUTHENTICATED(401, "unauthenticated", "Authentication required"),
    /** Authenticated, but the request names an identity other than the caller's. */
    IDENTITY_MISMATCH(403, "identity-mismatch", "Identity mismatch"),
    /** Authenticated, but the caller may not do this. */
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    /** Too many long-polls or event streams open for this caller or replica. */
    TOO_MANY_WAITS(429, "too-many-waits", "Too many open waits"),
    // Tier limits: request windows, tier access, the demo set.
    /** The caller used up an hourly or daily request window; Retry-After says when it starts over. */
    RATE_LIMITED(429, "rate-limited", "Rate limit exceeded"),
    /** The request is outside the caller's tier: its universe, form types or history window (member rule). */
    OUTSIDE_TIER_ACCESS(403, "outside-tier-access", "Outside tier access"),
    /** DEMO is served from the pool only, and the pool has neither an analysis nor the document of the filing. */
    NOT_IN_DEMO_SET(403, "not-in-demo-set", "Not in the demo set"),
    // End of tier limits.
    /** A dependency (the database) is unreachable; retry after the Retry-After header. */
    SERVICE_UNAVAILABLE(503, "service-unavailable", "Service unavailable"),
    QUEUE_UNAVAILABLE(503, "queue-unavailable", "Task queue unavailable"),
    TOO_MANY_STREAMS(503, "too-many-streams", "Too many event streams"),
    /** The analysis exists but its stored document is missing or fails its checksum: it is not served. */
    ANALYSIS_UNAVAILABLE(503, "analysis-unavailable", "Analysis unavailable"),
    // Accounts: the ledger's refusals (issue 14).
    /** The balance does not cover the fees the request can incur; members balanceUsd and priceUsd. */
    INSUFFICIENT_CREDITS(402, "insufficient-credits", "Insufficient credits"),
    /** The caller has as many open tasks as their tier allows; members cap and openTasks. */
    TOO_MANY_OPEN_TASKS(429, "too-many-open-tasks", "Too many open tasks"),
    INTERNAL_ERROR(500, "internal-error", "Internal error");

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /**
     * The type a bare status is answered with when nothing more specific is known (the container's own errors,
     * unmapped paths and methods); null for a status with no type of its own.
     */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 500 -> INTERNAL_ERROR;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> null;
        };
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
