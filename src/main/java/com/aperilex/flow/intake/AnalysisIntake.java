package com.aperilex.flow.intake;

import com.aperilex.flow.intake.QueueUnavailableException;
import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.persistence.Admission;
import com.aperilex.flow.persistence.AnalysisRepository;
import com.aperilex.flow.persistence.TaskRepository;
import com.aperilex.flow.message.TaskMessage;
import com.aperilex.flow.message.TaskMessageCodec;
import com.aperilex.flow.queue.TaskPublication;
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
    private final TaskRepository tasks;
    private final TaskMessageCodec codec;
    private final AperilexProperties properties;
    private final Clock clock;

    public AnalysisIntake(AnalysisRequestReader reader, AnalysisRepository analyses, TaskRepository tasks,
                          TaskMessageCodec codec, AperilexProperties properties, Clock clock) {
        this.reader = reader;
        this.analyses = analyses;
        this.tasks = tasks;
        this.codec = codec;
        this.properties = properties;
        this.clock = clock;
    }

    public AnalysisRequest read(@Header(Exchange.CONTENT_TYPE) String contentType, byte[] body) {
        return reader.read(contentType, body);
    }

    /** The analysis to answer with at once, or null when the request needs a task. */
    public AnalysisId findPooled(@ExchangeProperty("analysisRequest") AnalysisRequest request) {
        Instant latestValidSince = clock.instant().minus(properties.analysis().validity());
        return analyses.findValid(request, properties.analysis().version(), latestValidSince).orElse(null);
    }

    public Admission admit(@ExchangeProperty("analysisRequest") AnalysisRequest request) {
        return tasks.admit(request, DedupKeys.of(request), clock.instant(), properties.queue().dedupWindow());
    }

    /** The task message for the body, with the properties a FIFO producer reads for dedup and grouping. */
    public String taskMessage(@ExchangeProperty("analysisRequest") AnalysisRequest request,
                              @ExchangeProperty("admission") Admission admission, Exchange exchange) {
        TaskMessage message = TaskMessage.of(admission.taskId(), request, DedupKeys.of(request), clock.instant());
        return TaskPublication.prepare(message, codec, exchange);
    }

    public void markQueued(@ExchangeProperty("admission") Admission admission) {
        tasks.markQueued(admission.taskId(), clock.instant());
    }

    /** The broker refused the task: fail it (freeing its dedup key) and answer 503. */
    public void publishFailed(@ExchangeProperty("admission") Admission admission,
                              @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        tasks.fail(admission.taskId(), "QUEUE_UNAVAILABLE", "the task queue did not accept the task: " + cause.getMessage(),
                clock.instant());
        throw new QueueUnavailableException("The task queue is unavailable; please retry shortly.", cause);
    }
}
