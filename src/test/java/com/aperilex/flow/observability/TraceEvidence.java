package com.aperilex.flow.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** The trace tests' common ground: the span exporter, the traced request, and reading spans and log lines. */
final class TraceEvidence {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The caller's own span, the parent the traced request names. */
    static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

    private TraceEvidence() {
    }

    /** Keeps every finished span in memory for the test to read ({@code @Import} it). */
    @TestConfiguration
    static class InMemorySpans {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    /** A POST of an analysis request by a caller whose span {@link #CALLER_SPAN_ID} of {@code traceId} is sampled. */
    static HttpRequest tracedPost(URI uri, String traceId, String json) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-" + CALLER_SPAN_ID + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** A console line as JSON; a line that is not one (a stray print) reads as missing. */
    static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            return MissingNode.getInstance();
        }
    }

    static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    /** The broker send of submit-analysis (a producer span of the queue's component), or null. */
    static SpanData send(List<SpanData> trace) {
        return send(trace, "submit-analysis");
    }

    /** The broker send of a task message by an exchange that began in {@code routeId}, or null. */
    static SpanData send(List<SpanData> trace, String routeId) {
        return trace.stream().filter(s -> (s.getKind() == SpanKind.CLIENT || s.getKind() == SpanKind.PRODUCER)
                && routeId.equals(attribute(s, "camel.route.id")) && isBroker(s)).findFirst().orElse(null);
    }

    /** A lane consumer's receipt of the message {@code send} sent (its remote parent), or null. */
    static SpanData receiptOf(List<SpanData> trace, SpanData send) {
        if (send == null) {
            return null;
        }
        return trace.stream().filter(s -> (s.getKind() == SpanKind.SERVER || s.getKind() == SpanKind.CONSUMER)
                && isBroker(s) && String.valueOf(attribute(s, "camel.route.id")).startsWith("consume-tasks-")
                && s.getParentSpanContext().isRemote()
                && s.getParentSpanContext().getSpanId().equals(send.getSpanId())).findFirst().orElse(null);
    }

    /** A lane consumer's span of the message's receipt, or null. */
    static SpanData receipt(List<SpanData> trace) {
        return trace.stream().filter(s -> (s.getKind() == SpanKind.SERVER || s.getKind() == SpanKind.CONSUMER)
                && isBroker(s)
                && String.valueOf(attribute(s, "camel.route.id")).startsWith("consume-tasks-")).findFirst().orElse(null);
    }

    /** The worker's receipt continues the API's send: its parent is that span, across the broker. */
    static void assertQueueHop(List<SpanData> trace) {
        SpanData send = send(trace);
        SpanData receipt = receipt(trace);
        assertThat(send).as("the publisher's send span").isNotNull();
        assertThat(receipt).as("the consumer's receipt span").isNotNull();
        assertThat(receipt.getParentSpanContext().isRemote()).isTrue();
        assertThat(receipt.getParentSpanContext().getSpanId()).isEqualTo(send.getSpanId());
    }

    private static boolean isBroker(SpanData span) {
        String component = String.valueOf(attribute(span, "component"));
        return component.contains("sqs") || component.contains("rabbitmq");
    }

    /** A log line's message and correlation fields. */
    record LogLine(String message, String traceId, String spanId, String taskId, String userId) {
    }

    /**
     * The readable format's correlation part (logging.pattern.correlation) and message:
     * {@code [traceId,spanId task=... user=...] logger : message}.
     */
    private static final Pattern TEXT = Pattern.compile(
            "\\[([0-9a-f]*),([0-9a-f]*) task=(\\S*) user=(\\S*)] \\S+\\s+: (.*)$");

    /**
     * The console's lines as log lines, JSON (ECS) or readable text alike: in one test JVM, Logback keeps the
     * format of the first context of the run until a context is closed, so a test cannot pick it; the
     * structured format itself is Spring Boot's, the switch is LogFormatEnvironmentTest's.
     */
    static List<LogLine> logLines(String console) {
        return console.lines().map(TraceEvidence::logLine).filter(Objects::nonNull).toList();
    }

    private static LogLine logLine(String line) {
        if (line.startsWith("{")) {
            JsonNode json = json(line);
            return json.isMissingNode() ? null : new LogLine(json.path("message").asText(),
                    json.path("traceId").asText(), json.path("spanId").asText(), json.path("taskId").asText(),
                    json.path("userId").asText());
        }
        Matcher m = TEXT.matcher(line);
        return m.find() ? new LogLine(m.group(5), m.group(1), m.group(2), m.group(3), m.group(4)) : null;
    }
}
