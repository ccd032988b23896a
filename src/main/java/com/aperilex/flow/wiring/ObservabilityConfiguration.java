package com.aperilex.flow.wiring;

import com.aperilex.flow.llm.LlmCallLog;
import com.aperilex.flow.observability.QueueGauges;
import com.aperilex.flow.observability.ServiceMetrics;
import com.aperilex.flow.events.EventStreams;
import com.aperilex.flow.persistence.Ledger;
import com.aperilex.flow.persistence.LlmCalls;
import com.aperilex.flow.persistence.QueueBacklog;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Puts the metrics beside what they count: the model calls, the ledger, the event streams and the lanes' backlog. */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

    /** Every model call is a row of llm_calls, then a count, its tokens and its cost in the metrics. */
    @Bean
    @Primary
    LlmCallLog meteredLlmCallLog(LlmCalls calls, ServiceMetrics metrics) {
        return call -> {
            calls.record(call);
            metrics.llmCall(call);
        };
    }

    /** Every committed ledger row: fees charged and credits given, by tier. */
    @Bean
    Ledger.PostingObserver meteredLedger(ServiceMetrics metrics) {
        return metrics::ledgerPosting;
    }

    /** The open event streams of this replica, as a gauge. */
    @Bean
    MeterBinder eventStreamsGauge(ServiceMetrics metrics, EventStreams streams) {
        return registry -> metrics.eventStreams(streams::openStreams);
    }

    /** The lanes' depth and oldest age, read from the tasks' rows at most every 5 seconds. */
    @Bean
    QueueGauges queueGauges(QueueBacklog backlog, Clock clock) {
        return new QueueGauges(backlog::byLane, clock, Duration.ofSeconds(5));
    }
}
