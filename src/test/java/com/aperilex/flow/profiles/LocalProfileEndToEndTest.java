package com.aperilex.flow.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.queue.QueueHeaders;
import com.aperilex.flow.message.TaskMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import com.aperilex.flow.servers.TestIdentityProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.amqp.core.Message;

/**
 * Request to COMPLETED on RabbitMQ and PostgreSQL servers; duplicates processed once; poison dead-lettered. The
 * local profile's own auth mode, jwt: every call carries a real token of an OIDC provider in-process (discovery,
 * JWKS), and the body names no email (the token is the identity).
 */
class LocalProfileEndToEndTest extends LocalProfileTestSupport {
    private static final TestIdentityProvider IDP = new TestIdentityProvider();
    private static final String TOKEN = IDP.tokenFor("local-e2e-" + java.util.UUID.randomUUID(), "e2e@example.com");

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        registry.add("aperilex.auth.mode", () -> "jwt");
        registry.add("aperilex.auth.issuer-uri", IDP::issuer);
        registry.add("aperilex.auth.audience", () -> TestIdentityProvider.AUDIENCE);
    }

    @AfterAll
    static void stopProvider() {
        IDP.close();
    }

    @Override
    protected String bearerToken() {
        return TOKEN;
    }

    @Test
    void requestCompletesThroughRabbitMq() throws Exception {
        serveCompany(3_100_001L, "Rabbit Works Inc.", "0003100001-24-000001", "rw-10k.htm");
        String taskId = submit("{\"cik\":\"3100001\"}");

        JsonNode task = awaitFinished(taskId);

        assertThat(task.get("status").asText()).isEqualTo("COMPLETED");
        JsonNode analysis = get("/api/v1/analyses/" + task.get("analysisId").asText()).json();
        assertThat(analysis.at("/filing/companyName").asText()).isEqualTo("Rabbit Works Inc.");
        assertThat(analysis.at("/narrative/summary").asText()).isNotBlank();
        assertThat(history(taskId)).containsSubsequence("PENDING", "QUEUED", "PROCESSING/INITIATED",
                "PROCESSING/ANALYZING", "COMPLETED/COMPLETED");
        assertThat(settledQueueDepth()).as("the message was acknowledged").isZero();
    }

    @Test
    void copiesOfOneMessageRacingOverSeveralConsumersAreProcessedOnce() throws Exception {
        serveCompany(3_100_002L, "Duplicate Labs Corp.", "0003100002-24-000001", "dl-10k.htm");
        camel.getRouteController().stopRoute("consume-tasks");
        String taskId;
        try {
            taskId = submit("{\"cik\":\"3100002\"}");
            TaskMessage message = queuedMessage(taskId);
            for (int copy = 0; copy < 5; copy++) {
                publish(message, Map.of());
            }
            assertThat(queueDepth("aperilex.tasks")).isEqualTo(6);
            // The intake's message carries the task headers only, none of the caller's HTTP headers.
            Message published = rabbit.receive("aperilex.tasks", 5000);
            assertThat(published.getMessageProperties().getHeaders().keySet())
                    .containsExactlyInAnyOrder(QueueHeaders.TASK_ID, QueueHeaders.SCHEMA_VERSION);
            assertThat(published.getMessageProperties().getReceivedDeliveryMode().name()).isEqualTo("PERSISTENT");
            rabbit.send("aperilex.tasks", "tasks", published);
        } finally {
            camel.getRouteController().startRoute("consume-tasks");
        }

        JsonNode task = awaitFinished(taskId);

        assertThat(task.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(settledQueueDepth()).isZero();
        List<String> history = history(taskId);
        String firstStep = history.stream().filter(s -> s.startsWith("PROCESSING")).findFirst().orElseThrow();
        assertThat(history.stream().filter(firstStep::equals)).as("one run of the task in " + history).hasSize(1);
        assertThat(history.stream().filter(s -> s.startsWith("COMPLETED"))).hasSize(1);
        assertThat(LLM.server().findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/v1/chat/completions"))
                .withRequestBody(WireMock.containing("Duplicate Labs Corp.")))).hasSize(1);
    }

    @Test
    void unreadableMessageLandsInTheDeadLetterQueue() throws Exception {
        producer.sendBodyAndHeader("{{aperilex.queue.tasks-uri}}", "{\"schemaVersion\": \"not a task\"",
                QueueHeaders.TASK_ID, "poison-1");

        Message dead = rabbit.receive("aperilex.tasks.dlq", 20_000);

        assertThat(dead).as("a message in aperilex.tasks.dlq").isNotNull();
        assertThat(new String(dead.getBody())).isEqualTo("{\"schemaVersion\": \"not a task\"");
        assertThat((String) dead.getMessageProperties().getHeader(QueueHeaders.DEAD_LETTER_REASON)).isNotBlank();
        assertThat(settledQueueDepth()).isZero();
    }

    /**
     * Messages left on the task queue, acknowledged or not: with the consumer stopped, an unacknowledged
     * message would be back among the ready ones.
     */
    private int settledQueueDepth() throws Exception {
        camel.getRouteController().stopRoute("consume-tasks");
        try {
            return queueDepth("aperilex.tasks");
        } finally {
            camel.getRouteController().startRoute("consume-tasks");
        }
    }

    /** Messages ready for delivery. */
    private int queueDepth(String queue) {
        return rabbit.execute(channel -> {
            com.rabbitmq.client.AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(queue);
            return ok.getMessageCount();
        });
    }
}
