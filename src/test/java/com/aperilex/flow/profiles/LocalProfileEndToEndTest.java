package com.aperilex.flow.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.domain.TaskLane;
import com.aperilex.flow.queue.QueueHeaders;
import com.aperilex.flow.message.TaskMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
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
        camel.getRouteController().stopRoute("consume-tasks-highest");
        String taskId;
        try {
            taskId = submit("{\"cik\":\"3100002\"}");
            TaskMessage message = queuedMessage(taskId);
            for (int copy = 0; copy < 5; copy++) {
                publish(message, Map.of());
            }
            assertThat(queueDepth("aperilex.tasks.highest")).isEqualTo(6);
            // The intake's message carries the task headers and the trace context, none of the caller's HTTP headers.
            Message published = rabbit.receive("aperilex.tasks.highest", 5000);
            assertThat(published.getMessageProperties().getHeaders().keySet())
                    .containsExactlyInAnyOrder(QueueHeaders.TASK_ID, QueueHeaders.SCHEMA_VERSION, "traceparent");
            assertThat(published.getMessageProperties().getReceivedDeliveryMode().name()).isEqualTo("PERSISTENT");
            rabbit.send("aperilex.tasks", "highest", published);
        } finally {
            camel.getRouteController().startRoute("consume-tasks-highest");
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
    void everyLaneIsDeclaredAndConsumedAndATaskGoesToItsPrioritysLane() throws Exception {
        int consumers = camel.getPropertiesComponent().resolveProperty("aperilex.queue.consumers").map(Integer::parseInt)
                .orElseThrow();
        for (TaskLane lane : TaskLane.values()) {
            int laneConsumers = rabbit.execute(channel -> channel.queueDeclarePassive("aperilex.tasks." + lane.wireName())
                    .getConsumerCount());
            assertThat(laneConsumers).as(lane.wireName() + " lane's consumers").isEqualTo(consumers);
        }

        serveCompany(3_100_003L, "Low Lane Ltd.", "0003100003-24-000001", "ll-10k.htm");
        NotifyBuilder lowLane = new NotifyBuilder(camel).fromRoute("consume-tasks-low").whenDone(1).create();
        camel.getRouteController().stopRoute("consume-tasks-highest");
        String taskId;
        try {
            taskId = submit("{\"cik\":\"3100003\"}");
            // The intake queued it in the highest lane (the tests' tier is ENTERPRISE, priority 0): take it from
            // there and publish it again as a DEMO task (priority 6), which publish-task puts in the low lane.
            assertThat(rabbit.receive("aperilex.tasks.highest", 5000)).isNotNull();
            TaskMessage queued = queuedMessage(taskId);
            TaskMessage demo = new TaskMessage(queued.schemaVersion(), queued.taskId(), queued.email(), queued.ticker(),
                    queued.cik(), queued.formType(), queued.accessionNumber(), queued.requestSchemaVersion(),
                    queued.dedupKey(), queued.requestedAt(), queued.attempt(), queued.modelTier(), 6, null);
            producer.sendBody("direct:publish-task", demo);
            assertThat(queueDepth("aperilex.tasks.highest")).isZero();
        } finally {
            camel.getRouteController().startRoute("consume-tasks-highest");
        }

        assertThat(awaitFinished(taskId).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(lowLane.matches(30, TimeUnit.SECONDS)).as("consumed from the low lane").isTrue();
    }

    @Test
    void unreadableMessageLandsInTheDeadLetterQueue() throws Exception {
        producer.sendBodyAndHeader("{{aperilex.queue.lanes.highest.uri}}", "{\"schemaVersion\": \"not a task\"",
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
        camel.getRouteController().stopRoute("consume-tasks-highest");
        try {
            return queueDepth("aperilex.tasks.highest");
        } finally {
            camel.getRouteController().startRoute("consume-tasks-highest");
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
