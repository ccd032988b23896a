package com.aperilex.flow.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of the audit log: who ({@code actorUserId} and the request's origin) did what ({@code action}) to which
 * resource ({@code kind:id}), when.
 *
 * @param id          the row's sequence number (0 before it is written); later rows have larger ids
 * @param actorUserId the user who acted, or null (auth mode none's anonymous administrator, a scheduled job)
 * @param details     small facts of the action (never an email, token or address)
 * @param createdAt   when it was written (null before it is written)
 */
public record AuditEntry(long id, UserId actorUserId, AuditAction action, String resource, Map<String, Object> details,
                         RequestOrigin origin, Instant createdAt) {
    public AuditEntry {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
        origin = origin == null ? RequestOrigin.NONE : origin;
    }

    /** A row to write. */
    public static AuditEntry of(UserId actor, AuditAction action, String resource, Map<String, Object> details,
                                RequestOrigin origin) {
        return new AuditEntry(0, actor, action, resource, details, origin, null);
    }
}
