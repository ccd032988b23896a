package com.aperilex.flow.observability;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.apache.camel.CamelContext;
import org.apache.camel.observation.MicrometerObservationTracer;
import org.apache.camel.spi.InterceptStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camel's spans as Micrometer observations on Boot's tracer (OpenTelemetry bridge; OTLP export when
 * {@code management.otlp.tracing.endpoint} is set). W3C {@code traceparent} is read from the request and written
 * on every message the routes send, the task queue's included, so a worker's spans continue the POST's trace.
 *
 * <p>Wired here rather than by camel-observation-starter: its auto-configuration is conditional on the absence
 * of Boot's actuator observation classes, so with the actuator on the class path it never applies.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    /** Timers make a trace per tick; they carry no request. */
    static final String EXCLUDED = "timer:*";

    @Bean(initMethod = "", destroyMethod = "")
    MicrometerObservationTracer camelObservationTracer(CamelContext camel, Tracer tracer,
                                                       ObservationRegistry observations) {
        MicrometerObservationTracer camelTracer = new MicrometerObservationTracer();
        camelTracer.setTracer(tracer);
        camelTracer.setObservationRegistry(observations);
        camelTracer.setExcludePatterns(EXCLUDED);
        camelTracer.init(camel);
        return camelTracer;
    }

    /** Each route step runs with its exchange's span current: log lines carry its traceId and spanId (MDC). */
    @Bean
    InterceptStrategy currentSpanPerStep(TraceParents traceParents) {
        return new CurrentSpanPerStep(traceParents);
    }
}
