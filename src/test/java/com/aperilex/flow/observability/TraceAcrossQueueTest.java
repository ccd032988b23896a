package com.aperilex.flow.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.aperilex.flow.stubs.LlmStub;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.SpanKind;
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
 * One request's trace, from the caller's traceparent through the dev queue (ElasticMQ, the SQS protocol: the
 * context rides as a message attribute) into the worker: the exported spans share the caller's trace id, and
 * the API's and the worker's log lines carry it with the task's and user's ids, never the email. A retry, which
 * a sweep publishes later from the task's row, stays in the same trace.
 */
@ExtendWith(OutputCaptureExtension.class)
@Import(TraceEvidence.InMemorySpans.class)
class TraceAcrossQueueTest extends PipelineTestSupport {

    @Autowired
    InMemorySpanExporter spans;

    @Test
    void theCallersTraceContinuesThroughTheQueueIntoTheWorker(CapturedOutput output) {
        long cik = 1000961;
        String company = "Traced Corp";
        serveCompany(cik, company, "0001000961-24-000001", "traced-10k.htm");
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String email = uniqueEmail();

        Reply reply = send(TraceEvidence.tracedPost(uri("/api/v1/analyses"), traceId, """
                {"email": "%s", "cik": "%d"}""".formatted(email, cik)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        String taskId = reply.json().get("taskId").asText();
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        String userId = jdbc.queryForObject("SELECT user_id::text FROM tasks WHERE id = ?::uuid", String.class, taskId);

        // The exported spans: the API's and the worker's, one trace. The worker's consumer span continues the
        // publisher's send through the message's traceparent attribute: its parent is that send, remote.
        List<SpanData> trace = await().atMost(Duration.ofSeconds(20)).until(
                () -> spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList(),
                found -> TraceEvidence.receipt(found) != null && found.stream().anyMatch(s -> "GET".equals(s.getName()))
                        && found.stream().anyMatch(s -> "analyze-filing".equals(s.getName())));
        TraceEvidence.assertQueueHop(trace);
        assertThat(trace).filteredOn(s -> s.getKind() == SpanKind.SERVER && "submit-analysis".equals(TraceEvidence.attribute(s, "camel.route.id"))
                        && s.getParentSpanContext().isRemote())
                .as("the REST route's span is the caller's span's child")
                .anySatisfy(s -> assertThat(s.getParentSpanContext().getSpanId()).isEqualTo(TraceEvidence.CALLER_SPAN_ID));
        assertThat(trace).filteredOn(s -> s.getKind() == SpanKind.CLIENT && "GET".equals(s.getName()))
                .as("the worker's EDGAR request").isNotEmpty();
        for (String step : List.of("process-task", "analyze-filing", "filing-document", "edgar-get")) {
            assertThat(trace).extracting(SpanData::getName).as("a span per step").contains(step);
        }
        // The model and storage calls have spans of their own, inside the worker's steps of the same trace.
        assertThat(trace).extracting(SpanData::getName).as("the parse, the model call and the storage writes")
                .contains("parse 10-k", "llm openai " + LlmStub.MODEL, "storage local put");
        assertThat(trace).filteredOn(s -> s.getName().startsWith("llm "))
                .allSatisfy(s -> assertThat(TraceEvidence.attribute(s, "model")).isEqualTo(LlmStub.MODEL));

        // The log lines: JSON objects naming the trace, the task and the user, on the API's and the worker's side.
        List<TraceEvidence.LogLine> lines = TraceEvidence.logLines(output.getOut()).stream()
                .filter(l -> traceId.equals(l.traceId())).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l.message()).startsWith("Admitted task " + taskId));
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.message()).startsWith("Processing task " + taskId);
            assertThat(l.taskId()).isEqualTo(taskId);
            assertThat(l.userId()).isEqualTo(userId);
            assertThat(l.spanId()).hasSize(16);
        });
        assertThat(output.getAll()).doesNotContain(email);
    }

    @Test
    void aRetryPublishedByTheSweepContinuesTheRequestsTrace(CapturedOutput output) {
        long cik = 1000962;
        String company = "Retried Trace Corp";
        String url = "/submissions/CIK%010d.json".formatted(cik);
        // The first run meets a 503 (RETRYING); republish-due-retries publishes the second, which completes.
        EDGAR.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(url))
                .inScenario("retried-trace").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503))
                .willSetStateTo("well"));
        EDGAR.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(url))
                .inScenario("retried-trace").whenScenarioStateIs("well")
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withBody(submissions(cik, company, "0001000962-24-000001", "retried-10k.htm"))));
        EDGAR.document(cik, "0001000962-24-000001", "retried-10k.htm", com.aperilex.flow.stubs.EdgarStub.fixtureDocument(company));
        String traceId = UUID.randomUUID().toString().replace("-", "");

        Reply reply = send(TraceEvidence.tracedPost(uri("/api/v1/analyses"), traceId, """
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        String taskId = reply.json().get("taskId").asText();
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForObject("SELECT trace_parent FROM tasks WHERE id = ?::uuid", String.class, taskId))
                .as("the admitting span, stored with the task").startsWith("00-" + traceId + "-");

        // The retry's run is in the caller's trace: the sweep's send of it (the exchange of republish-due-retries)
        // is the remote parent of a lane consumer's receipt.
        List<SpanData> trace = await().atMost(Duration.ofSeconds(20)).until(
                () -> spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList(),
                found -> TraceEvidence.receiptOf(found, TraceEvidence.send(found, "republish-due-retries")) != null);
        assertThat(TraceEvidence.send(trace, "submit-analysis")).as("the first run's send, by intake").isNotNull();
        assertThat(TraceEvidence.receiptOf(trace, TraceEvidence.send(trace, "submit-analysis")))
                .as("the first run's receipt").isNotNull();

        List<TraceEvidence.LogLine> lines = TraceEvidence.logLines(output.getOut()).stream()
                .filter(l -> traceId.equals(l.traceId())).toList();
        assertThat(lines).filteredOn(l -> l.message().startsWith("Processing task " + taskId))
                .extracting(TraceEvidence.LogLine::message)
                .anySatisfy(m -> assertThat(m).contains("attempt 0"))
                .anySatisfy(m -> assertThat(m).contains("attempt 1"));
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.message()).isEqualTo("Published retry of task " + taskId);
            assertThat(l.taskId()).isEqualTo(taskId);
        });
    }
}
