package com.aperilex.flow.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.profiles.LocalProfileTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;

/**
 * The same trace across RabbitMQ (the local profile): the context rides as an
 * AMQP header of the task message, so the worker's receipt continues the POST's trace.
 */
@ExtendWith(OutputCaptureExtension.class)
@Import(TraceEvidence.InMemorySpans.class)
class TraceAcrossRabbitMqTest extends LocalProfileTestSupport {

    @Autowired
    InMemorySpanExporter spans;

    @Test
    void theCallersTraceContinuesThroughRabbitMqIntoTheWorker(CapturedOutput output) {
        long cik = 3_100_801L;
        serveCompany(cik, "Traced Rabbit Corp", "0003100801-24-000001", "tr-10k.htm");
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String email = uniqueEmail();

        Reply reply = send(TraceEvidence.tracedPost(uri("/api/v1/analyses"), traceId, """
                {"email": "%s", "cik": "%d"}""".formatted(email, cik)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        String taskId = reply.json().get("taskId").asText();
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");

        List<SpanData> trace = await().atMost(Duration.ofSeconds(20)).until(
                () -> spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList(),
                found -> TraceEvidence.receipt(found) != null
                        && found.stream().anyMatch(s -> "analyze-filing".equals(s.getName())));
        TraceEvidence.assertQueueHop(trace);

        List<TraceEvidence.LogLine> lines = TraceEvidence.logLines(output.getOut()).stream()
                .filter(l -> traceId.equals(l.traceId())).toList();
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.message()).startsWith("Processing task " + taskId);
            assertThat(l.taskId()).isEqualTo(taskId);
            assertThat(l.userId()).isNotBlank();
        });
        assertThat(output.getAll()).doesNotContain(email);
    }
}
