package com.aperilex.flow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.ServiceTestSupport;
import com.aperilex.flow.domain.TaskLane;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * When the broker refuses a task, the caller gets 503 problem+json, no task is left open, and the
 * same request can be made again. The outage is real: the task queue is deleted from the broker.
 * This context is thrown away afterwards.
 */
@DirtiesContext
class QueueOutageTest extends ServiceTestSupport {

    @Autowired
    SqsClient devSqsClient;

    @Test
    void refusedPublishAnswers503AndLeavesNoOpenTask() {
        // Every lane's queue, whichever lane the test's tier publishes to.
        for (TaskLane lane : TaskLane.values()) {
            String url = devSqsClient.getQueueUrl(b -> b.queueName("aperilex-tasks-" + lane.wireName() + ".fifo")).queueUrl();
            devSqsClient.deleteQueue(b -> b.queueUrl(url));
        }
        String email = uniqueEmail();
        String body = """
                {"email": "%s", "ticker": "AAPL"}""".formatted(email);

        Reply reply = postJson(body);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("type").asText()).endsWith("/queue-unavailable");
        Map<String, Object> task = jdbc.queryForMap("SELECT status, error_code FROM tasks WHERE email = ?", email);
        assertThat(task.get("status")).isEqualTo("FAILED");
        assertThat(task.get("error_code")).isEqualTo("QUEUE_UNAVAILABLE");
        Long dedupRows = jdbc.queryForObject(
                "SELECT count(*) FROM task_dedup d JOIN tasks t ON t.id = d.task_id WHERE t.email = ?", Long.class, email);
        assertThat(dedupRows).isZero();

        // Asking again is a fresh attempt, not the failed task.
        assertThat(postJson(body).status()).isEqualTo(503);
        Long attempts = jdbc.queryForObject("SELECT count(*) FROM tasks WHERE email = ?", Long.class, email);
        assertThat(attempts).isEqualTo(2);
    }
}
