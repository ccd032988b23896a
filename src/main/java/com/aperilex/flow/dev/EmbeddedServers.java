package com.aperilex.flow.dev;

import com.aperilex.flow.config.DevProperties;
import com.aperilex.flow.domain.TaskLane;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The dev profile's servers, all in this JVM and bound to 127.0.0.1: a real PostgreSQL (zonky
 * binaries, data kept between runs) and an SQS-compatible FIFO broker (ElasticMQ) with a task queue per
 * priority lane and their dead-letter queue. The broker starts on another thread while PostgreSQL starts, which
 * takes a few seconds off the time to ready.
 */
public final class EmbeddedServers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedServers.class);
    /** After this many failed receives a task message moves to the dead-letter queue. */
    private static final int MAX_RECEIVES = 5;

    private final CompletableFuture<Broker> broker;
    private final EmbeddedPostgres postgres;

    /** The running broker and a client for it. */
    private record Broker(SQSRestServer server, SqsClient client) {
    }

    public EmbeddedServers(DevProperties dev) {
        this.broker = CompletableFuture.supplyAsync(() -> startBroker(dev));
        EmbeddedPostgres started;
        try {
            started = startPostgres(dev);
        } catch (RuntimeException e) {
            broker.thenAccept(b -> b.server().stopAndWait());
            throw e;
        }
        this.postgres = started;
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    /** The client for the broker; waits for the broker to finish starting. */
    public SqsClient sqsClient() {
        try {
            return broker.join().client();
        } catch (CompletionException e) {
            throw new IllegalStateException("the embedded SQS-compatible broker did not start", e.getCause());
        }
    }

    @Override
    public void close() throws IOException {
        // Camel has stopped by now (Spring closes it before destroying beans), so no consumer is polling.
        try {
            Broker b = broker.join();
            b.client().close();
            b.server().stopAndWait();
        } finally {
            postgres.close();
        }
    }

    private static EmbeddedPostgres startPostgres(DevProperties dev) {
        try {
            Files.createDirectories(dev.postgresDataDirectory());
            stopOrphanedPostgres(dev.postgresDataDirectory().toAbsolutePath());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dev.postgresDataDirectory().toAbsolutePath())
                    .setCleanDataDirectory(false)
                    // Stopped by close(), after the context: with its own JVM shutdown hook, a SIGTERM stopped
                    // PostgreSQL at once, under the requests the graceful shutdown was still answering.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    // A dev convenience, not a production setting: commits do not wait for the WAL
                    // flush, so a crash of the embedded server may lose the last few hundred ms of
                    // writes but never corrupts data. Real deployments use their own server's settings.
                    .setServerConfig("synchronous_commit", dev.postgresSynchronousCommit() ? "on" : "off");
            if (dev.postgresPort() > 0) {
                builder.setPort(dev.postgresPort());
            }
            EmbeddedPostgres started = builder.start();
            log.info("Embedded PostgreSQL on 127.0.0.1:{}, data in {}", started.getPort(),
                    dev.postgresDataDirectory().toAbsolutePath());
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    /**
     * A service killed with SIGKILL leaves its PostgreSQL child running and holding the data
     * directory, so the next start would fail. Stop that server first; it has no clients left.
     */
    static void stopOrphanedPostgres(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2 || !lines.get(0).strip().matches("[0-9]+")) {
            return;
        }
        long pid = Long.parseLong(lines.get(0).strip());
        boolean sameDirectory = Path.of(lines.get(1).strip()).toAbsolutePath().normalize()
                .equals(dataDirectory.normalize());
        Optional<ProcessHandle> process = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (process.isEmpty() || !sameDirectory) {
            return; // stale pid file only: PostgreSQL itself recovers from that
        }
        log.warn("Stopping PostgreSQL (pid {}) left running on {} by a previous run", pid, dataDirectory);
        process.get().destroy();
        try {
            process.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the orphaned PostgreSQL", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the PostgreSQL left running by a previous run (pid " + pid + ") did not stop", e);
        }
    }

    private static Broker startBroker(DevProperties dev) {
        int port = dev.sqsPort() > 0 ? dev.sqsPort() : freeLoopbackPort();
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSRegion(dev.sqsRegion())
                .start();
        server.waitUntilStarted();
        SqsClient client = SqsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.of(dev.sqsRegion()))
                // The embedded broker checks no signatures: anonymous requests skip SigV4 signing.
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .build();
        createQueues(client, dev);
        log.info("Embedded SQS-compatible broker (ElasticMQ) on 127.0.0.1:{} with queues {}-<lane>.fifo and {}", port,
                dev.tasksQueuePrefix(), dev.deadLetterQueue());
        return new Broker(server, client);
    }

    private static void createQueues(SqsClient client, DevProperties dev) {
        String dlqUrl = client.createQueue(CreateQueueRequest.builder()
                .queueName(dev.deadLetterQueue())
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))
                .build()).queueUrl();
        String dlqArn = client.getQueueAttributes(GetQueueAttributesRequest.builder()
                        .queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN).build())
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        for (TaskLane lane : TaskLane.values()) {
            client.createQueue(CreateQueueRequest.builder()
                    .queueName(dev.tasksQueue(lane))
                    .attributes(Map.of(
                            QueueAttributeName.FIFO_QUEUE, "true",
                            QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(dev.sqsVisibilityTimeout().toSeconds()),
                            QueueAttributeName.REDRIVE_POLICY,
                            "{\"maxReceiveCount\":\"" + MAX_RECEIVES + "\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}"))
                    .build());
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
