package com.aperilex.flow.wiring;

import com.aperilex.flow.llm.LlmCallLog;
import com.aperilex.flow.observability.QueueGauges;
import com.aperilex.flow.observability.ServiceMetrics;
import com.aperilex.flow.persistence.LlmCalls;
import com.aperilex.flow.persistence.QueueBacklog;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Puts the metrics beside what they count: the model calls' ledger and the lanes' backlog. */
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

    /** The lanes' depth and oldest age, read from the tasks' rows at most every 5 seconds. */
    @Bean
    QueueGauges queueGauges(QueueBacklog backlog, Clock clock) {
        return new QueueGauges(backlog::byLane, clock, Duration.ofSeconds(5));
    }
}
