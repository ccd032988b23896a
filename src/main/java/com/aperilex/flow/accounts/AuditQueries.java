package com.aperilex.flow.accounts;

import com.aperilex.flow.domain.AuditAction;
import com.aperilex.flow.domain.AuditEntry;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.RequestOrigin;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.intake.InvalidRequestException;
import com.aperilex.flow.persistence.AuditLog;
import com.aperilex.flow.persistence.AuditReads;
import com.aperilex.flow.problem.FieldError;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/v1/admin/audit?userId=&from=&to=&before=&limit=}: the audit log for administrators, newest first,
 * a page at a time. {@code userId} keeps the rows the user made and the rows about them ({@code user:<id>});
 * {@code from} (inclusive) and {@code to} (exclusive) are ISO-8601 instants or dates (a date is its UTC midnight).
 * Reading the audit log is itself audited (AUDIT_READ).
 */
@Component("auditQueries")
public class AuditQueries {
    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 200;

    private final AuditReads reads;
    private final AuditLog log;

    public AuditQueries(AuditReads reads, AuditLog log) {
        this.reads = reads;
        this.log = log;
    }

    /** A page of audit rows and the {@code before} of the next (older) page, or null when this one is the last. */
    public record AuditPage(List<AuditEntry> entries, Long nextBefore) {
        public AuditPage {
            entries = List.copyOf(entries);
        }
    }

    public AuditPage page(@ExchangeProperty(Caller.PROPERTY) Caller caller, @ExchangeProperty("origin") RequestOrigin origin,
                          @Header("userId") String userId, @Header("from") String from, @Header("to") String to,
                          @Header("before") String before, @Header("limit") String limit) {
        AccountQueries.requireAdmin(caller);
        List<FieldError> errors = new ArrayList<>();
        UserId user = null;
        if (userId != null) {
            try {
                user = AccountQueries.parseUserId(userId);
            } catch (RuntimeException e) {
                errors.add(new FieldError("userId", "must be a UUID"));
            }
        }
        Instant start = instant("from", from, errors);
        Instant end = instant("to", to, errors);
        if (start != null && end != null && !start.isBefore(end)) {
            errors.add(new FieldError("to", "must be after from"));
        }
        AccountQueries.Page page;
        try {
            page = AccountQueries.Page.parse(before, limit, DEFAULT_PAGE, MAX_PAGE, "an audit row id");
        } catch (InvalidRequestException e) {
            errors.addAll(e.errors());
            page = null;
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        List<AuditEntry> rows = reads.page(new AuditReads.Query(user, start, end, page.before(), page.limit() + 1));
        boolean more = rows.size() > page.limit();
        List<AuditEntry> shown = more ? rows.subList(0, page.limit()) : rows;
        Map<String, Object> query = new LinkedHashMap<>();
        if (user != null) {
            query.put("userId", user.value().toString());
        }
        if (start != null) {
            query.put("from", start.toString());
        }
        if (end != null) {
            query.put("to", end.toString());
        }
        log.record(AuditEntry.of(caller.hasUser() ? caller.userId() : null, AuditAction.AUDIT_READ, "audit", query, origin));
        return new AuditPage(shown, more ? shown.get(shown.size() - 1).id() : null);
    }

    private static Instant instant(String field, String raw, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return raw.length() == 10 ? LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(raw);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 instant (2026-12-01T00:00:00Z) or date (2026-12-01)"));
            return null;
        }
    }
}
