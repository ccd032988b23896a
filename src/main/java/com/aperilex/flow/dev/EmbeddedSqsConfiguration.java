package com.aperilex.flow.dev;

import com.aperilex.flow.config.DevProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The dev profile's queue: an SQS-compatible FIFO broker (ElasticMQ) running in this JVM on
 * 127.0.0.1, with the task queue and its dead-letter queue created at start.
 */
@Configuration(proxyBeanMethods = false)
@Profile("dev")
public class EmbeddedSqsConfiguration {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedSqsConfiguration.class);
    /** After this many failed receives a task message moves to the dead-letter queue. */
    private static final int MAX_RECEIVES = 5;

    /** The running broker and the port it listens on. */
    public record EmbeddedSqs(SQSRestServer server, int port) implements AutoCloseable {
        public URI endpoint() {
            return URI.create("http://127.0.0.1:" + port);
        }

        @Override
        public void close() {
            server.stopAndWait();
        }
    }

    /** Spring closes this after everything that depends on it; Camel has stopped by then. */
    @Bean(destroyMethod = "close")
    EmbeddedSqs embeddedSqs(DevProperties dev) throws IOException {
        int port = dev.sqsPort() > 0 ? dev.sqsPort() : freeLoopbackPort();
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSRegion(dev.sqsRegion())
                .start();
        server.waitUntilStarted();
        log.info("Embedded SQS-compatible broker (ElasticMQ) on 127.0.0.1:{}", port);
        return new EmbeddedSqs(server, port);
    }

    @Bean(destroyMethod = "close")
    SqsClient devSqsClient(EmbeddedSqs sqs, DevProperties dev) {
        SqsClient client = SqsClient.builder()
                .endpointOverride(sqs.endpoint())
                .region(Region.of(dev.sqsRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dev", "dev")))
                .build();
        createQueues(client, dev);
        return client;
    }

    private static void createQueues(SqsClient client, DevProperties dev) {
        String dlqUrl = client.createQueue(CreateQueueRequest.builder()
                .queueName(dev.deadLetterQueue())
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))
                .build()).queueUrl();
        String dlqArn = client.getQueueAttributes(GetQueueAttributesRequest.builder()
                .queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN).build())
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        client.createQueue(CreateQueueRequest.builder()
                .queueName(dev.tasksQueue())
                .attributes(Map.of(
                        QueueAttributeName.FIFO_QUEUE, "true",
                        QueueAttributeName.VISIBILITY_TIMEOUT, "300",
                        QueueAttributeName.REDRIVE_POLICY,
                        "{\"maxReceiveCount\":\"" + MAX_RECEIVES + "\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}"))
                .build());
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
