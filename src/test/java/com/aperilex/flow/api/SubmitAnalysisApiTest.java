package com.aperilex.flow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.domain.TaskLane;
import com.aperilex.flow.ServiceTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** POST /api/v1/analyses through the real queue: tasks, deduplication and consumption. */
class SubmitAnalysisApiTest extends ServiceTestSupport {

    @Autowired
    CamelContext camel;

    @Autowired
    SqsClient devSqsClient;

    @Test
    void validRequestIsAcceptedRecordedAndConsumedOnce() {
        String email = uniqueEmail();
        NotifyBuilder consumed = consumedOnce(email);

        Reply reply = postJson("""
                {"email": "%s", "ticker": "AAPL"}""".formatted(email));

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode body = reply.json();
        String taskId = body.get("taskId").asText();
        assertThat(UUID.fromString(taskId)).isNotNull();
        assertThat(body.get("status").asText()).isEqualTo("QUEUED");
        assertThat(body.get("statusUrl").asText()).isEqualTo("/api/v1/tasks/" + taskId);
        assertThat(body.get("eventsUrl").asText()).startsWith("/api/v1/tasks/" + taskId + "/events?token=");
        assertThat(reply.location()).isEqualTo("/api/v1/tasks/" + taskId);

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM tasks WHERE id = ?::uuid", taskId);
        assertThat(row.get("email")).isEqualTo(email);
        assertThat(row.get("ticker")).isEqualTo("AAPL");
        assertThat(row.get("form_type")).isEqualTo("10-K");
        assertThat(row.get("accession_number")).isNull();

        awaitTaken(taskId);
        awaitQueueDrained();
        assertThat(consumed.matches()).as("exactly one message consumed for the task").isTrue();
        // Taken once; EDGAR is unreachable in this context, so the run then waits RETRYING for a later attempt.
        assertThat(transitions(taskId)).startsWith("PENDING", "QUEUED", "PROCESSING");
        assertThat(transitions(taskId).stream().filter("PROCESSING"::equals).count()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT attempts FROM tasks WHERE id = ?::uuid", Integer.class, taskId))
                .isEqualTo(1);
    }

    @Test
    void duplicateRequestGetsTheSameTask() {
        String email = uniqueEmail();
        Reply first = postJson("""
                {"email": "%s", "cik": "320193", "formType": "10-K", "accessionNumber": "0000320193-24-000123"}"""
                .formatted(email));
        // Same person (other case), same filing (CIK as a number this time): the same request.
        Reply second = postJson("""
                {"email": "%s", "cik": 320193, "accessionNumber": "0000320193-24-000123", "schemaVersion": 1}"""
                .formatted(email.toUpperCase()));

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().get("taskId")).isEqualTo(first.json().get("taskId"));
        assertThat(tasksOf(email)).isEqualTo(1);

        // A different filing by the same person is a different task.
        Reply other = postJson("""
                {"email": "%s", "cik": "320193", "formType": "10-Q"}""".formatted(email));
        assertThat(other.json().get("taskId")).isNotEqualTo(first.json().get("taskId"));
        assertThat(tasksOf(email)).isEqualTo(2);
    }

    @Test
    void twentyConcurrentIdenticalRequestsMakeOneTaskConsumedOnce() throws Exception {
        String email = uniqueEmail();
        String body = """
                {"email": "%s", "ticker": "NVDA"}""".formatted(email);
        NotifyBuilder consumed = consumedOnce(email);
        int clients = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Callable<Reply> call = () -> {
                    start.await();
                    return postJson(body);
                };
                replies.add(pool.submit(call));
            }
            start.countDown();
            Set<String> taskIds = new HashSet<>();
            for (Future<Reply> reply : replies) {
                Reply r = reply.get();
                assertThat(r.status()).isEqualTo(202);
                taskIds.add(r.json().get("taskId").asText());
            }
            assertThat(taskIds).hasSize(1);
            assertThat(tasksOf(email)).isEqualTo(1);
            String taskId = taskIds.iterator().next();
            awaitTaken(taskId);
            awaitQueueDrained();
            assertThat(consumed.matches()).as("exactly one message consumed").isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedTaskDoesNotHoldItsRequest() {
        String email = uniqueEmail();
        String body = """
                {"email": "%s", "ticker": "TSLA", "formType": "10-K/A"}""".formatted(email);
        String first = postJson(body).json().get("taskId").asText();
        awaitTaken(first);
        jdbc.update("UPDATE tasks SET status = 'FAILED', error_code = 'FILING_NOT_FOUND' WHERE id = ?::uuid", first);

        String second = postJson(body).json().get("taskId").asText();

        assertThat(second).isNotEqualTo(first);
        assertThat(tasksOf(email)).isEqualTo(2);
    }

    @Test
    void aFinishedTaskOutsideTheWindowGivesWayToANewOne() {
        String email = uniqueEmail();
        String body = """
                {"email": "%s", "ticker": "MSFT"}""".formatted(email);
        String first = postJson(body).json().get("taskId").asText();
        // Still inside the window and finished: the same task.
        jdbc.update("UPDATE tasks SET status = 'COMPLETED' WHERE id = ?::uuid", first);
        assertThat(postJson(body).json().get("taskId").asText()).isEqualTo(first);

        // Older than the 24h window and finished: a new task.
        jdbc.update("UPDATE task_dedup SET created_at = now() - interval '25 hours' WHERE task_id = ?::uuid", first);
        String second = postJson(body).json().get("taskId").asText();
        assertThat(second).isNotEqualTo(first);

        // Older than the window but still open: the same task.
        jdbc.update("UPDATE task_dedup SET created_at = now() - interval '25 hours' WHERE task_id = ?::uuid", second);
        assertThat(postJson(body).json().get("taskId").asText()).isEqualTo(second);
    }

    private NotifyBuilder consumedOnce(String email) {
        return new NotifyBuilder(camel)
                .fromRoute("consume-tasks-*")
                .filter(exchange -> exchange.getIn().getBody(String.class).contains(email.toLowerCase()))
                .whenExactlyDone(1)
                .create();
    }

    private long tasksOf(String email) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM tasks WHERE email = ?", Long.class, email.toLowerCase());
        return n == null ? 0 : n;
    }

    private List<String> transitions(String taskId) {
        return jdbc.queryForList("SELECT status FROM task_transitions WHERE task_id = ?::uuid ORDER BY id",
                String.class, taskId);
    }

    /** A worker has taken the task (it may since have moved on). */
    private void awaitTaken(String taskId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(transitions(taskId)).contains("PROCESSING"));
    }

    /** Nothing visible or in flight on the task queue: every message sent so far has been consumed. */
    private void awaitQueueDrained() {
        for (TaskLane lane : TaskLane.values()) {
            awaitQueueDrained("aperilex-tasks-" + lane.wireName() + ".fifo");
        }
    }

    private void awaitQueueDrained(String queue) {
        String url = devSqsClient.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<QueueAttributeName, String> attributes = devSqsClient.getQueueAttributes(GetQueueAttributesRequest
                    .builder().queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE).build()).attributes();
            assertThat(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo("0");
            assertThat(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("0");
        });
    }
}
