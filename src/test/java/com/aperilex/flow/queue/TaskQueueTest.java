package com.aperilex.flow.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.ServiceTestSupport;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.intake.DedupKeys;
import com.aperilex.flow.persistence.Admission;
import com.aperilex.flow.persistence.TaskAdmissions;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The consumer side against the real in-process broker: dead letters and unknown schema versions. */
class TaskQueueTest extends ServiceTestSupport {

    @Autowired
    SqsClient devSqsClient;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    TaskAdmissions tasks;
    @Autowired
    com.aperilex.flow.persistence.Users users;

    @Test
    void unreadableMessageIsDeadLetteredWithItsReasonAndDoesNotBlockTheQueue() {
        String garbage = "{\"not\": \"a task\", \"marker\": \"" + UUID.randomUUID() + "\"}";
        send(garbage, "poison-" + UUID.randomUUID());

        // A valid task sent after the poison message is still processed.
        String taskId = postJson("""
                {"email": "%s", "ticker": "AMD"}""".formatted(uniqueEmail())).json().get("taskId").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT status FROM task_transitions WHERE task_id = ?::uuid", String.class, taskId))
                .contains("PROCESSING"));

        Message dead = awaitDeadLetter(garbage);
        MessageAttributeValue reason = dead.messageAttributes().get(QueueHeaders.DEAD_LETTER_REASON);
        assertThat(reason).isNotNull();
        assertThat(reason.stringValue()).contains("schemaVersion");
    }

    @Test
    void notJsonAtAllIsDeadLettered() {
        String garbage = "this is not json " + UUID.randomUUID();
        send(garbage, "poison-" + UUID.randomUUID());

        Message dead = awaitDeadLetter(garbage);
        assertThat(dead.messageAttributes().get(QueueHeaders.DEAD_LETTER_REASON).stringValue()).contains("not JSON");
    }

    @Test
    void taskOfAnUnknownSchemaVersionFailsWithAClearReason() {
        UUID taskId = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO tasks (id, schema_version, email, ticker, form_type, request_schema_version, dedup_key,
                                   status, created_at, updated_at)
                VALUES (?, 1, 'future@example.com', 'AAPL', '10-K', 1, ?, 'QUEUED', now(), now())""",
                taskId, "f".repeat(64));
        send("{\"schemaVersion\": 99, \"taskId\": \"" + taskId + "\", \"somethingNew\": true}", taskId.toString());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> row = jdbc.queryForMap("SELECT status, error_code, error_message FROM tasks WHERE id = ?",
                    taskId);
            assertThat(row.get("status")).isEqualTo("FAILED");
            assertThat(row.get("error_code")).isEqualTo("UNSUPPORTED_SCHEMA_VERSION");
            assertThat((String) row.get("error_message")).contains("schemaVersion 99");
        });
        var error = get("/api/v1/tasks/" + taskId).json().get("error");
        assertThat(error.get("code").asText()).isEqualTo("UNSUPPORTED_SCHEMA_VERSION");
    }

    @Test
    void aTaskStrandedBeforeItsPublishIsPublishedAgainAndTakenOnce() {
        // Intake committed the task and died before publishing: the task exists, its message does not.
        AnalysisRequest request = new AnalysisRequest(Email.of(uniqueEmail()), Ticker.of("STRD"), FormType.TEN_K,
                null, 1);
        Admission admission = tasks.admit(owner(request), request, DedupKeys.of(owner(request), request), Instant.now().minusSeconds(120),
                Duration.ofHours(24));
        assertThat(admission.created()).isTrue();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT DISTINCT status FROM task_transitions WHERE task_id = ?", String.class,
                admission.taskId().value())).contains("PROCESSING"));
        assertThat(jdbc.queryForList("SELECT status FROM task_transitions WHERE task_id = ? ORDER BY id",
                String.class, admission.taskId().value())).startsWith("PENDING", "QUEUED", "PROCESSING");
        assertThat(jdbc.queryForObject("SELECT attempts FROM tasks WHERE id = ?", Integer.class,
                admission.taskId().value())).as("taken once").isEqualTo(1);
    }

    @Test
    void fifoProducersUseTheDedupKeyAsMessageDeduplicationId() {
        // A FIFO queue of its own, so the service's consumer does not take the probe messages.
        String url = devSqsClient.createQueue(b -> b.queueName("dedup-probe-" + UUID.randomUUID() + ".fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        String queueName = url.substring(url.lastIndexOf('/') + 1);
        String endpoint = "aws2-sqs://" + queueName + "?amazonSQSClient=#devSqsClient&messageGroupIdStrategy=usePropertyValue";
        String dedupKey = "d".repeat(64);

        for (int i = 0; i < 3; i++) {
            // Three exchanges (three exchange ids) with one dedup key: the broker keeps one message.
            producer.send(endpoint, exchange -> {
                exchange.setProperty(QueueHeaders.DEDUPLICATION_ID_PROPERTY, dedupKey);
                exchange.setProperty(QueueHeaders.MESSAGE_GROUP_ID_PROPERTY, "group-a");
                exchange.getIn().setBody("probe");
            });
        }

        List<Message> messages = devSqsClient.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                .isEqualTo(dedupKey);
        assertThat(messages.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo("group-a");
        devSqsClient.deleteQueue(b -> b.queueUrl(url));
    }

    private void send(String body, String dedupId) {
        String url = devSqsClient.getQueueUrl(b -> b.queueName("aperilex-tasks-highest.fifo")).queueUrl();
        devSqsClient.sendMessage(b -> b.queueUrl(url).messageBody(body).messageGroupId("test")
                .messageDeduplicationId(dedupId));
    }

    private Message awaitDeadLetter(String body) {
        String url = devSqsClient.getQueueUrl(b -> b.queueName("aperilex-tasks-dlq.fifo")).queueUrl();
        Message[] found = new Message[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Message> messages = devSqsClient.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(0).messageAttributeNames("All")).messages();
            for (Message m : messages) {
                if (m.body().equals(body)) {
                    found[0] = m;
                    devSqsClient.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** The test user of the request's email (a users row, made on first use). */
    private com.aperilex.flow.domain.UserId owner(com.aperilex.flow.domain.AnalysisRequest request) {
        return users.resolve("email:" + request.email(), request.email());
    }
}
