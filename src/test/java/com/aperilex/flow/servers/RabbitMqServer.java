package com.aperilex.flow.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real RabbitMQ server (Debian's rabbitmq-server, installed by .ci/run) on 127.0.0.1 with ports and
 * data of its own under target/, started once per test JVM and stopped when the JVM exits. Tests create
 * a virtual host each, so contexts never share a queue. {@link #stop()} and {@link #start()} restart it on
 * the same ports and data, as a broker restart does.
 */
public final class RabbitMqServer {
    public static final Path BIN = Path.of("/usr/lib/rabbitmq/bin");
    private static RabbitMqServer shared;

    private final Path dir;
    private final int amqpPort;
    private final int epmdPort;
    private final int distPort;
    private final String node;
    private Process process;

    private RabbitMqServer() {
        if (!Files.isExecutable(BIN.resolve("rabbitmq-server"))) {
            throw new IllegalStateException("RabbitMQ is not installed: " + BIN.resolve("rabbitmq-server")
                    + " is missing. Run `bash .ci/run` (it installs Debian's rabbitmq-server) or "
                    + "`apt-get install -y rabbitmq-server`.");
        }
        try {
            dir = Files.createDirectories(Path.of("target", "test-servers", "rabbitmq-" + UUID.randomUUID())
                    .toAbsolutePath());
            amqpPort = FreePorts.loopback();
            epmdPort = FreePorts.loopback();
            distPort = FreePorts.loopback();
            node = "aperilex-test-" + amqpPort + "@localhost";
            Files.createDirectories(dir.resolve("home"));
            Files.writeString(dir.resolve("rabbitmq.conf"), String.join("\n",
                    "listeners.tcp.default = 127.0.0.1:" + amqpPort,
                    "distribution.listener.interface = 127.0.0.1",
                    "distribution.listener.port_range.min = " + distPort,
                    "distribution.listener.port_range.max = " + distPort,
                    "log.console = false", "") );
            Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "rabbitmq-test-server-stop"));
    }

    public static synchronized RabbitMqServer shared() {
        if (shared == null) {
            shared = new RabbitMqServer();
            shared.start();
        }
        return shared;
    }

    public int port() {
        return amqpPort;
    }

    /** Starts the server and waits until it accepts connections (about 10 s). */
    public synchronized void start() {
        try {
            ProcessBuilder builder = new ProcessBuilder(BIN.resolve("rabbitmq-server").toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.out").toFile()));
            builder.environment().putAll(environment());
            process = builder.start();
            ctl(Duration.ofSeconds(150), "wait", "--timeout", "120", dir.resolve("pid").toString());
            if (!process.isAlive()) {
                throw new IllegalStateException("rabbitmq-server exited; see " + dir.resolve("server.out"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start rabbitmq-server", e);
        }
    }

    /** Stops the server cleanly, as an operator's restart does; its durable queues and messages stay on disk. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            ctl(Duration.ofSeconds(60), "stop", dir.resolve("pid").toString());
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A fresh virtual host the guest user may use. */
    public String newVirtualHost() {
        String vhost = "t-" + UUID.randomUUID();
        ctl(Duration.ofSeconds(60), "add_vhost", vhost);
        ctl(Duration.ofSeconds(60), "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
        return vhost;
    }

    private void shutdown() {
        try {
            stop();
        } finally {
            run(Duration.ofSeconds(10), List.of("epmd", "-port", Integer.toString(epmdPort), "-kill"));
        }
    }

    private Map<String, String> environment() {
        return Map.ofEntries(
                Map.entry("HOME", dir.resolve("home").toString()),
                Map.entry("RABBITMQ_NODENAME", node),
                Map.entry("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1"),
                Map.entry("RABBITMQ_NODE_PORT", Integer.toString(amqpPort)),
                // Otherwise RabbitMQ takes the AMQP port + 20000, which may lie beyond 65535.
                Map.entry("RABBITMQ_DIST_PORT", Integer.toString(distPort)),
                Map.entry("ERL_EPMD_ADDRESS", "127.0.0.1"),
                Map.entry("ERL_EPMD_PORT", Integer.toString(epmdPort)),
                Map.entry("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString()),
                Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString()),
                Map.entry("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString()),
                Map.entry("RABBITMQ_LOG_BASE", dir.resolve("log").toString()),
                Map.entry("RABBITMQ_PID_FILE", dir.resolve("pid").toString()));
    }

    private void ctl(Duration timeout, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(BIN.resolve("rabbitmqctl").toString(), "-n", node));
        command.addAll(List.of(args));
        run(timeout, command);
    }

    private void run(Duration timeout, List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("ctl.out").toFile()));
            builder.environment().putAll(environment());
            Process p = builder.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command + " (see " + dir.resolve("ctl.out") + ")");
            }
            if (p.exitValue() != 0 && !command.contains("-kill")) {
                throw new IllegalStateException("failed with exit " + p.exitValue() + ": " + command
                        + " (see " + dir.resolve("ctl.out") + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
