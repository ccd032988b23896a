package com.aperilex.flow.observability;

import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * W3C {@code traceparent} values (version 00) of the current span, to store with what a span makes (a task), and
 * back into a trace context, so work done later for it (a retry published by a sweep) continues the same trace.
 */
@Component
public class TraceParents {
    private static final Pattern TRACE_PARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String INVALID_TRACE = "0".repeat(32);
    private static final String INVALID_SPAN = "0".repeat(16);

    private final Tracer tracer;

    public TraceParents(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
    }

    /** The current span as a traceparent, or null outside any span. */
    public String current() {
        Span span = tracer.currentSpan();
        if (span == null || span.isNoop()) {
            return null;
        }
        return format(span.context());
    }

    static String format(TraceContext context) {
        String traceId = context.traceId();
        String spanId = context.spanId();
        if (traceId == null || traceId.length() != 32 || spanId == null || spanId.length() != 16) {
            return null;
        }
        return "00-" + traceId + "-" + spanId + "-" + (Boolean.FALSE.equals(context.sampled()) ? "00" : "01");
    }

    /** The trace context a stored traceparent names, or null when it names none (null, malformed, all zeros). */
    TraceContext parse(String traceParent) {
        if (traceParent == null) {
            return null;
        }
        var m = TRACE_PARENT.matcher(traceParent);
        if (!m.matches() || m.group(1).equals(INVALID_TRACE) || m.group(2).equals(INVALID_SPAN)) {
            return null;
        }
        boolean sampled = (Integer.parseInt(m.group(3), 16) & 1) == 1;
        return tracer.traceContextBuilder().traceId(m.group(1)).spanId(m.group(2)).sampled(sampled).build();
    }

    /** Makes {@code traceParent}'s context current on this thread until the scope closes; null when it names none. */
    CurrentTraceContext.Scope continueTrace(String traceParent) {
        TraceContext context = parse(traceParent);
        return context == null ? null : tracer.currentTraceContext().newScope(context);
    }
}
