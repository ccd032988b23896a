package com.aperilex.flow.imports;

import com.aperilex.flow.domain.AuditAction;
import com.aperilex.flow.domain.AuditEntry;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.ImportId;
import com.aperilex.flow.domain.RequestOrigin;
import com.aperilex.flow.persistence.AuditLog;
import com.aperilex.flow.persistence.ImportRecords;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * DELETE /api/v1/imports/{importId}: cancels what has not started (companies not resolved yet, tasks PENDING or
 * QUEUED: those end CANCELLED, their reservations released); tasks already running finish. Owner or administrator
 * only; a finished import is answered as it is.
 */
@Component("importCancellation")
public class ImportCancellation {
    private final ImportRecords records;
    private final ImportQueries queries;
    private final AuditLog audit;
    private final Clock clock;

    public ImportCancellation(ImportRecords records, ImportQueries queries, AuditLog audit, Clock clock) {
        this.records = records;
        this.queries = queries;
        this.audit = audit;
        this.clock = clock;
    }

    /** Cancels the import and returns its view afterwards. */
    public ImportRecords.View cancel(@Header("importId") String rawId, @ExchangeProperty(Caller.PROPERTY) Caller caller,
                                     @ExchangeProperty("origin") RequestOrigin origin) {
        ImportId id = queries.view(rawId, caller).id();
        ImportRecords.Cancelled cancelled = records.cancel(id, clock.instant());
        if (cancelled.changed()) {
            audit.record(AuditEntry.of(caller.hasUser() ? caller.userId() : null, AuditAction.IMPORT_CANCELLED,
                    "import:" + id, Map.of("tasksCancelled", cancelled.tasks(), "companiesCancelled", cancelled.companies()),
                    origin));
        }
        return queries.view(rawId, caller);
    }
}
