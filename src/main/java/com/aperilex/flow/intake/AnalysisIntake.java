package com.aperilex.flow.intake;

import com.aperilex.flow.intake.QueueUnavailableException;
import com.aperilex.flow.domain.Account;
import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.llm.LlmAnalysts;
import com.aperilex.flow.persistence.Admission;
import com.aperilex.flow.persistence.AnalysisRepository;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.observability.TraceParents;
import com.aperilex.flow.persistence.TaskAdmissions;
import com.aperilex.flow.persistence.TaskTransitions;
import com.aperilex.flow.message.TaskMessage;
import java.time.Clock;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** The steps of the submit-analysis route: read, answer from the pool, admit, publish. */
@Component("analysisIntake")
public class AnalysisIntake {
    private final AnalysisRequestReader reader;
    private final AnalysisRepository analyses;
    private final TaskAdmissions admissions;
    private final TaskTransitions transitions;
    private final AperilexProperties properties;
    private final LlmAnalysts analysts;
    private final Clock clock;
    private final TraceParents traceParents;

    public AnalysisIntake(AnalysisRequestReader reader, AnalysisRepository analyses,
                          TaskAdmissions admissions, TaskTransitions transitions, AperilexProperties properties,
                          LlmAnalysts analysts, Clock clock, TraceParents traceParents) {
        this.traceParents = traceParents;
        this.reader = reader;
        this.analyses = analyses;
        this.admissions = admissions;
        this.transitions = transitions;
        this.properties = properties;
        this.analysts = analysts;
        this.clock = clock;
    }

    public AnalysisRequest read(@Header(Exchange.CONTENT_TYPE) String contentType, byte[] body) {
        return reader.read(contentType, body);
    }

    /**
     * The analysis to answer with at once, or null when the request needs a task: only ever one made by the
     * requested tier's model.
     */
    public AnalysisId findPooled(@ExchangeProperty("analysisRequest") AnalysisRequest request) {
        Instant latestValidSince = clock.instant().minus(properties.analysis().validity());
        return analyses.findValid(request, properties.analysis().version(), analysts.model(request.modelTier()),
                latestValidSince).orElse(null);
    }

    /**
     * The caller's task for the request: theirs alone (the dedup key names them), with their email on it. A new
     * task is admitted with the tier's open-task cap checked and its fees reserved, in one transaction
     * ({@link TaskAdmissions#admit}), with the request's trace (its later runs continue it); a duplicate of an
     * open task answers that task.
     *
     * @param filingSource the data source tierAccess chose (null: the configured one)
     */
    public Admission admit(@ExchangeProperty("analysisRequest") AnalysisRequest request,
                           @ExchangeProperty(Caller.PROPERTY) Caller caller,
                           @ExchangeProperty(Account.PROPERTY) Account account,
                           @ExchangeProperty("filingSource") String filingSource) {
        return admissions.admit(account, request.withEmail(caller.email()), DedupKeys.of(caller.userId(), request),
                filingSource, traceParents.current(), clock.instant(), properties.queue().dedupWindow());
    }

    /**
     * The message of the admitted task's first run, for direct:publish-task: at the priority it was admitted at
     * (its owner's tier's, read under the owner's row lock: its queue lane), from the filing source tier access
     * chose (null: the configured one).
     */
    public TaskMessage taskMessage(@ExchangeProperty("analysisRequest") AnalysisRequest request,
                                   @ExchangeProperty("admission") Admission admission,
                                   @ExchangeProperty(Caller.PROPERTY) Caller caller,
                                   @ExchangeProperty("filingSource") String filingSource) {
        return TaskMessage.of(admission.taskId(), request.withEmail(caller.email()), DedupKeys.of(caller.userId(), request),
                clock.instant(), admission.priority(), filingSource);
    }

    /** The broker refused the task: fail it (freeing its dedup key, releasing its reservation) and answer 503. */
    public void publishFailed(@ExchangeProperty("admission") Admission admission,
                              @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        transitions.fail(admission.taskId(), ErrorCode.QUEUE_UNAVAILABLE, "the task queue did not accept the task: " + cause.getMessage(),
                clock.instant());
        throw new QueueUnavailableException("The task queue is unavailable; please retry shortly.", cause);
    }
}
