package com.aperilex.flow.api;

import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.ImportRequest;
import com.aperilex.flow.persistence.ImportRecords;
import com.aperilex.flow.domain.AuditAction;
import com.aperilex.flow.domain.AuditEntry;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.RequestOrigin;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.persistence.Admission;
import com.aperilex.flow.persistence.AuditLog;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The audit rows of the API's own actions, written by a route step once the action succeeded: a submission
 * (submit-analysis), an analysis read (get-analysis), an administrator's read of an account (get-user-account).
 * Admin changes (tier, credits, erasure) write theirs in the change's own transaction (AccountAdministration).
 * The actor is the caller's user id (null for auth mode none's anonymous reader, who has no user row); the
 * details never hold an email.
 */
@Component("auditTrail")
public class AuditTrail {
    private final AuditLog log;

    public AuditTrail(AuditLog log) {
        this.log = log;
    }

    /** A submission: the task it made or joined, or the pooled analysis that answered it. */
    public void submitted(@ExchangeProperty(Caller.PROPERTY) Caller caller, @ExchangeProperty("origin") RequestOrigin origin,
                          @ExchangeProperty("analysisRequest") AnalysisRequest request,
                          @ExchangeProperty("admission") Admission admission,
                          @ExchangeProperty("pooledAnalysisId") AnalysisId pooled) {
        Map<String, Object> details = new LinkedHashMap<>();
        request.ticker().ifPresent(t -> details.put("ticker", t.value()));
        request.cik().ifPresent(c -> details.put("cik", c.value()));
        details.put("formType", request.formType().edgarName());
        if (request.accessionNumber() != null) {
            details.put("accessionNumber", request.accessionNumber().value());
        }
        details.put("modelTier", request.modelTier().name());
        String resource;
        if (admission != null) {
            resource = "task:" + admission.taskId().value();
            details.put("answer", admission.created() ? "task-created" : "task-joined");
        } else {
            resource = "analysis:" + pooled.value();
            details.put("answer", "pooled");
        }
        log.record(AuditEntry.of(actor(caller), AuditAction.ANALYSIS_SUBMITTED, resource, details, origin));
    }

    /** A bulk import was asked for: the import it made or joined. */
    public void importSubmitted(@ExchangeProperty(Caller.PROPERTY) Caller caller,
                                @ExchangeProperty("origin") RequestOrigin origin,
                                @ExchangeProperty("importRequest") ImportRequest request,
                                @ExchangeProperty("importMade") ImportRecords.Made made) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (request.universe() != null) {
            details.put("universe", request.universe().name());
        } else {
            details.put("companies", request.companies().size());
        }
        details.put("formTypes", request.formTypes().stream().map(f -> f.edgarName()).sorted().toList());
        details.put("from", request.from().toString());
        details.put("to", request.to().toString());
        details.put("answer", made.created() ? "import-created" : "import-joined");
        log.record(AuditEntry.of(actor(caller), AuditAction.IMPORT_SUBMITTED, "import:" + made.id(), details, origin));
    }

    /** An analysis document was served. */
    public void analysisRead(@ExchangeProperty(Caller.PROPERTY) Caller caller, @ExchangeProperty("origin") RequestOrigin origin,
                             @Header("analysisId") String analysisId) {
        log.record(AuditEntry.of(actor(caller), AuditAction.ANALYSIS_READ, "analysis:" + analysisId, Map.of(), origin));
    }

    /** An administrator read a user's account. */
    public void accountRead(@ExchangeProperty(Caller.PROPERTY) Caller caller, @ExchangeProperty("origin") RequestOrigin origin,
                            @Header("userId") String userId) {
        log.record(AuditEntry.of(actor(caller), AuditAction.USER_ACCOUNT_READ, "user:" + userId, Map.of(), origin));
    }

    static UserId actor(Caller caller) {
        return caller != null && caller.hasUser() ? caller.userId() : null;
    }
}
