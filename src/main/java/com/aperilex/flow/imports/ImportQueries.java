package com.aperilex.flow.imports;

import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.ImportId;
import com.aperilex.flow.persistence.ImportRecords;
import com.aperilex.flow.queries.ResourceNotFoundException;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * GET /api/v1/imports/{importId}: an import with its counts, for its owner and administrators only (anyone else's,
 * or the system's demo prefill to a non-administrator, is 404 as an unknown one).
 */
@Component("importQueries")
public class ImportQueries {
    /** Failures listed at most in one view (the counts cover them all). */
    public static final int MAX_FAILURES = 100;

    private final ImportRecords records;

    public ImportQueries(ImportRecords records) {
        this.records = records;
    }

    public ImportRecords.View view(@Header("importId") String rawId, @ExchangeProperty(Caller.PROPERTY) Caller caller) {
        ImportId id = ImportId.parse(rawId);
        return records.view(id, MAX_FAILURES).filter(v -> visibleTo(v, caller))
                .orElseThrow(() -> new ResourceNotFoundException("no import " + id));
    }

    /** Whether {@code caller} may see the import: its owner or an administrator (the system's: administrators only). */
    public static boolean visibleTo(ImportRecords.View view, Caller caller) {
        return caller != null && (caller.admin() || (view.owner() != null && view.owner().equals(caller.userId())));
    }
}
