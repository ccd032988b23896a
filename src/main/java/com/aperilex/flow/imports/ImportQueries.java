package com.aperilex.flow.imports;

import com.aperilex.flow.accounts.AdminOnlyException;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.ImportId;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.intake.InvalidRequestException;
import com.aperilex.flow.persistence.ImportRecords;
import com.aperilex.flow.problem.FieldError;
import com.aperilex.flow.queries.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * GET /api/v1/imports/{importId}: an import with its counts, for its owner and administrators only (anyone else's,
 * or the system's demo prefill to a non-administrator, is 404 as an unknown one). GET /api/v1/imports: the caller's
 * imports newest first, a page at a time (administrators: everyone's, or one user's with {@code userId}).
 */
@Component("importQueries")
public class ImportQueries {
    /** Failures listed at most in one view (the counts cover them all). */
    public static final int MAX_FAILURES = 100;

    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 50;
    private static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    private final ImportRecords records;

    public ImportQueries(ImportRecords records) {
        this.records = records;
    }

    public ImportRecords.View view(@Header("importId") String rawId, @ExchangeProperty(Caller.PROPERTY) Caller caller) {
        ImportId id = ImportId.parse(rawId);
        return records.view(id, MAX_FAILURES).filter(v -> visibleTo(v, caller))
                .orElseThrow(() -> new ResourceNotFoundException("no import " + id));
    }

    /** A page of imports (each as GET /api/v1/imports/{id} shows it, without failures) and the next page's before. */
    public record ImportPage(List<ImportRecords.View> imports, ImportId nextBefore) {
        public ImportPage {
            imports = List.copyOf(imports);
        }
    }

    /**
     * The caller's imports, newest first, older than the import {@code before} (from a page's nextBefore), at most
     * {@code limit} (1 to {@value #MAX_PAGE}, {@value #DEFAULT_PAGE}). An administrator sees everyone's, or
     * {@code userId}'s; anyone else naming another user is 403.
     */
    public ImportPage page(@ExchangeProperty(Caller.PROPERTY) Caller caller, @Header("userId") String userId,
                           @Header("before") String before, @Header("limit") String limit) {
        List<FieldError> errors = new ArrayList<>();
        UserId user = null;
        if (userId != null) {
            if (userId.matches(UUID_PATTERN)) {
                user = new UserId(UUID.fromString(userId));
            } else {
                errors.add(new FieldError("userId", "must be a user id (a UUID)"));
            }
        }
        ImportId after = null;
        if (before != null) {
            if (before.matches(UUID_PATTERN)) {
                after = new ImportId(UUID.fromString(before));
            } else {
                errors.add(new FieldError("before", "must be an import id (a UUID) from nextBefore"));
            }
        }
        int size = DEFAULT_PAGE;
        if (limit != null) {
            if (limit.matches("[1-9][0-9]?") && Integer.parseInt(limit) <= MAX_PAGE) {
                size = Integer.parseInt(limit);
            } else {
                errors.add(new FieldError("limit", "must be an integer from 1 to " + MAX_PAGE));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        UserId owner;
        if (caller.admin()) {
            owner = user;
        } else if (user == null || user.equals(caller.userId())) {
            owner = caller.userId();
        } else {
            throw new AdminOnlyException();
        }
        List<ImportId> ids = records.page(owner, after, size + 1);
        boolean more = ids.size() > size;
        List<ImportRecords.View> shown = new ArrayList<>();
        for (ImportId id : more ? ids.subList(0, size) : ids) {
            records.view(id, 0).ifPresent(shown::add);
        }
        return new ImportPage(shown, more ? ids.get(size - 1) : null);
    }

    /** Whether {@code caller} may see the import: its owner or an administrator (the system's: administrators only). */
    public static boolean visibleTo(ImportRecords.View view, Caller caller) {
        return caller != null && (caller.admin() || (view.owner() != null && view.owner().equals(caller.userId())));
    }
}
