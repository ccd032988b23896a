package com.aperilex.flow.profiles;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.domain.TaskLane;
import com.aperilex.flow.OpenApiContract;
import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.aperilex.flow.servers.FreePorts;
import com.aperilex.flow.servers.S3ProxyServer;
import com.aperilex.flow.servers.ServiceReplica;
import com.aperilex.flow.servers.TestIdentityProvider;
import com.aperilex.flow.servers.TestPostgres;
import com.aperilex.flow.stubs.AwsStub;
import com.aperilex.flow.stubs.EdgarStub;
import com.aperilex.flow.stubs.LlmStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.NotifyBuilder;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The service on its {@code aws} profile with the AWS SDK pointed at real servers on 127.0.0.1 (ElasticMQ
 * for SQS FIFO, s3proxy for S3, PostgreSQL standing in for Aurora) and at stubs of the APIs that have no
 * local server (Bedrock runtime, Secrets Manager, Parameter Store), answering in their wire formats.
 */
@ExtendWith(OutputCaptureExtension.class)
class AwsProfileEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DB_PASSWORD = "db-password-" + UUID.randomUUID();
    /** A lane's queue (any lane's consumer reads any task message). */
    private static final String TASKS = "aperilex-tasks-highest.fifo";
    private static final String DEAD_LETTERS = "aperilex-tasks-dlq.fifo";
    private static final int VISIBILITY_SECONDS = 10;

    private static SQSRestServer sqsServer;
    private static SqsClient sqs;
    private static S3Client s3;
    private static AwsStub aws;
    private static EdgarStub edgar;
    private static String bucket;
    private static ServiceReplica service;
    /** The aws profile authenticates: a real OIDC provider in-process issues the test's token. */
    private static TestIdentityProvider idp;
    private static final String EMAIL = "cloud-" + UUID.randomUUID() + "@aperilex.com";
    private static String token;

    @BeforeAll
    static void startServiceOnAwsProfile() throws IOException {
        int sqsPort = FreePorts.loopback();
        sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(sqsPort)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", sqsPort, "")).withAWSRegion("us-east-1").start();
        sqsServer.waitUntilStarted();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY));
        sqs = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + sqsPort)).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        // As the Pulumi program creates them: a FIFO queue whose redrive policy names a FIFO dead-letter queue.
        String dlqUrl = sqs.createQueue(b -> b.queueName(DEAD_LETTERS)
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        for (TaskLane lane : TaskLane.values()) {
            sqs.createQueue(b -> b.queueName("aperilex-tasks-" + lane.wireName() + ".fifo").attributes(Map.of(
                    QueueAttributeName.FIFO_QUEUE, "true",
                    QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(VISIBILITY_SECONDS),
                    QueueAttributeName.REDRIVE_POLICY,
                    "{\"maxReceiveCount\":\"5\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}")));
        }

        S3ProxyServer s3proxy = S3ProxyServer.shared();
        s3 = S3Client.builder().endpointOverride(s3proxy.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(credentials).build();
        bucket = "aperilex-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket));

        aws = new AwsStub();
        aws.converseAnswers(LlmStub.NARRATIVE);
        aws.secret("aperilex/database", "{\"username\":\"postgres\",\"password\":\"" + DB_PASSWORD + "\"}");
        aws.secret("aperilex/events-token-key", "aws-profile-stream-token-key-of-32-bytes");
        idp = new TestIdentityProvider();
        token = idp.tokenFor("aws-e2e-" + UUID.randomUUID(), EMAIL);
        aws.parameters(Map.of("/aperilex/test/aperilex/llm/max-output-tokens", "1500"));

        edgar = EdgarStub.dedicated();
        String accession = "0003200001-24-000001";
        edgar.submissions(3_200_001L, PipelineTestSupport.submissions(3_200_001L, "Cloud Native Holdings", accession,
                "cn-10k.htm"));
        edgar.document(3_200_001L, accession, "cn-10k.htm", EdgarStub.fixtureDocument("Cloud Native Holdings"));

        service = ServiceReplica.withProfiles("aws").properties(
                "spring.datasource.url=" + TestPostgres.newDatabase(),
                "spring.datasource.username=postgres",
                "aperilex.aws.access-key-id=" + S3ProxyServer.ACCESS_KEY,
                "aperilex.aws.secret-access-key=" + S3ProxyServer.SECRET_KEY,
                "aperilex.aws.endpoints.sqs=http://127.0.0.1:" + sqsPort,
                "aperilex.aws.endpoints.s3=" + s3proxy.endpoint(),
                "aperilex.aws.endpoints.bedrock-runtime=" + aws.baseUrl(),
                "aperilex.aws.endpoints.secretsmanager=" + aws.baseUrl(),
                "aperilex.aws.endpoints.ssm=" + aws.baseUrl(),
                "aperilex.config.parameter-store-path=/aperilex/test/",
                "aperilex.storage.s3.bucket=" + bucket,
                "aperilex.auth.issuer-uri=" + idp.issuer(),
                "aperilex.auth.audience=" + TestIdentityProvider.AUDIENCE,
                "aperilex.events.token-secret=aperilex/events-token-key",
                "aperilex.storage.s3.path-style=true",
                "aperilex.storage.s3.kms-key-id=alias/aperilex-documents",
                "aperilex.queue.sqs.wait-time-seconds=1",
                "aperilex.queue.visibility-timeout-seconds=" + VISIBILITY_SECONDS,
                "aperilex.llm.timeout=30s",
                "aperilex.edgar.www-url=" + edgar.baseUrl(),
                "aperilex.edgar.data-url=" + edgar.baseUrl(),
                "aperilex.worker.retry.initial-backoff=200ms",
                "aperilex.worker.retry-sweep-interval=250ms").start();
    }

    @AfterAll
    static void stopAll() {
        ServiceReplica.closeAll(service);
        if (sqsServer != null) {
            sqsServer.stopAndWait();
        }
        if (aws != null) {
            aws.stop();
        }
        if (idp != null) {
            idp.close();
        }
        if (edgar != null) {
            edgar.server().stop();
        }
    }

    @Test
    void requestCompletesOnSqsS3AndBedrockWithTheVisibilityExtendedDuringALongModelCall() throws Exception {
        // The model takes longer than the visibility timeout: without the extension SQS would deliver
        // the message again while the task still runs.
        aws.server().setGlobalFixedDelay((VISIBILITY_SECONDS + 4) * 1000);
        // Broker deliveries only, not the pipeline's correlated copy of each (see consume-tasks' enrich).
        CamelContext camel = service.bean(CamelContext.class);
        NotifyBuilder firstDelivery = new NotifyBuilder(camel).fromRoute("consume-tasks-highest")
                .filter(e -> e.getProperty(ExchangePropertyKey.CORRELATION_ID) == null).whenReceived(1).create();
        NotifyBuilder secondDelivery = new NotifyBuilder(camel).fromRoute("consume-tasks-highest")
                .filter(e -> e.getProperty(ExchangePropertyKey.CORRELATION_ID) == null).whenReceived(2).create();
        JsonNode task;
        try {
            JsonNode accepted = post("{\"email\":\"" + EMAIL + "\",\"cik\":\"3200001\"}");
            String taskId = accepted.get("taskId").asText();

            task = awaitFinished(taskId);

            assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
            assertThat(firstDelivery.matches()).isTrue();
            assertThat(secondDelivery.matches()).as("the task message was delivered once").isFalse();
        } finally {
            aws.server().setGlobalFixedDelay(0);
        }
        JsonNode analysis = get("/api/v1/analyses/" + task.get("analysisId").asText());
        assertThat(analysis.at("/llm/provider").asText()).isEqualTo("bedrock");
        assertThat(analysis.at("/llm/model").asText()).isEqualTo("amazon.nova-lite-v1:0");
        assertThat(analysis.at("/llm/inputTokens").asInt()).isEqualTo(1790);
        assertThat(analysis.at("/narrative/summary").asText()).startsWith("The company sells devices");

        // The Converse request: Nova Lite, system prompt apart, maxTokens from Parameter Store.
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> converse =
                aws.server().findAll(postRequestedFor(urlPathMatching("/model/.+/converse")));
        assertThat(converse).hasSize(1);
        assertThat(converse.get(0).getUrl()).isEqualTo("/model/amazon.nova-lite-v1%3A0/converse");
        JsonNode request = JSON.readTree(converse.get(0).getBodyAsString());
        assertThat(request.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(1500);
        assertThat(request.at("/system/0/text").asText()).isNotBlank();
        assertThat(request.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(converse.get(0).getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256");

        // Documents in the bucket under the prefix.
        List<S3Object> objects = s3.listObjectsV2(b -> b.bucket(bucket).prefix("aperilex/")).contents();
        assertThat(objects).extracting(S3Object::key)
                .anyMatch(k -> k.equals("aperilex/filings/0003200001/0003200001-24-000001/cn-10k.htm"));
        // Message deleted after the task's work: nothing left, visible or in flight.
        for (TaskLane lane : TaskLane.values()) {
            String queueUrl = sqs.getQueueUrl(b -> b.queueName("aperilex-tasks-" + lane.wireName() + ".fifo")).queueUrl();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
                return attributes.values().stream().allMatch("0"::equals);
            });
        }
        // The database password was read from Secrets Manager.
        aws.server().verify(postRequestedFor(WireMock.urlEqualTo("/"))
                .withHeader("X-Amz-Target", WireMock.equalTo("secretsmanager.GetSecretValue")));
    }

    @Test
    void unreadableMessageIsDeadLettered() {
        String queueUrl = sqs.getQueueUrl(b -> b.queueName(TASKS)).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("not a task").messageGroupId("poison")
                .messageDeduplicationId("poison-" + UUID.randomUUID()));

        String dlqUrl = sqs.getQueueUrl(b -> b.queueName(DEAD_LETTERS)).queueUrl();
        Message[] dead = new Message[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages();
            dead[0] = messages.stream().filter(m -> m.body().equals("not a task")).findFirst().orElse(null);
            return dead[0] != null;
        });
        assertThat(dead[0].messageAttributes()).containsKey("AperilexDeadLetterReason");
    }

    @Test
    void secretsStayOutOfLogsAndActuator(CapturedOutput output) throws Exception {
        assertThat(status("/actuator/env")).isEqualTo(404);
        assertThat(status("/actuator/configprops")).isEqualTo(404);
        // Up once every lane's consumer has polled its queue (an idle lane's first receive waits out its long poll).
        await().atMost(Duration.ofSeconds(30)).until(() -> status("/actuator/health") == 200);
        assertThat(output.getAll()).doesNotContain(DB_PASSWORD).doesNotContain(S3ProxyServer.SECRET_KEY);
    }

    private JsonNode awaitFinished(String taskId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = get("/api/v1/tasks/" + taskId);
            String status = last[0].get("status").asText();
            return status.equals("COMPLETED") || status.equals("FAILED");
        });
        return last[0];
    }

    private JsonNode post(String json) throws Exception {
        HttpResponse<String> response = OpenApiContract.send(HttpRequest.newBuilder(uri("/api/v1/analyses"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    private JsonNode get(String path) throws Exception {
        return JSON.readTree(OpenApiContract.send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + token).GET().build()).body());
    }

    private int status(String path) throws Exception {
        return OpenApiContract.send(HttpRequest.newBuilder(uri(path)).GET().build()).statusCode();
    }

    private URI uri(String path) {
        return service.uri(path);
    }
}
