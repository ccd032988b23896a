package com.aperilex.flow.observability;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.apache.camel.tracing.ActiveSpanManager;
import org.apache.camel.tracing.SpanAdapter;

/**
 * Makes the exchange's active span (Camel's tracer keeps it on the exchange, not on the thread) current while a
 * route step runs, on whichever thread runs it (a queue consumer's, a worker's): Micrometer Tracing then puts
 * its traceId and spanId in the logging MDC, and HTTP clients called inside the step (the LLM's) join the trace.
 *
 * <p>An exchange without a span (a sweep's, started by a timer, which is not traced) that names a stored trace in
 * its {@value #TRACE_PARENT} property (a W3C traceparent) runs its steps in that trace: the spans they start
 * (the publish of a retry and its queue send) are children of the stored span, so a task keeps the trace of the
 * request that made it across every run.
 */
final class CurrentSpanPerStep implements InterceptStrategy {
    /** The exchange property naming the trace a span-less exchange continues. */
    static final String TRACE_PARENT = "traceParent";

    private final TraceParents traceParents;

    CurrentSpanPerStep(TraceParents traceParents) {
        this.traceParents = traceParents;
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        return new DelegateAsyncProcessor(AsyncProcessorConverterHelper.convert(target)) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                SpanAdapter span = ActiveSpanManager.getSpan(exchange);
                AutoCloseable scope = span != null ? span.makeCurrent()
                        : traceParents.continueTrace(exchange.getProperty(TRACE_PARENT, String.class));
                if (scope == null) {
                    return processor.process(exchange, callback);
                }
                try {
                    return processor.process(exchange, callback);
                } finally {
                    closeScope(scope);
                }
            }
        };
    }

    private static void closeScope(AutoCloseable scope) {
        try {
            scope.close();
        } catch (Exception e) {
            // a scope's close only restores the thread's previous context; nothing to recover
        }
    }
}
