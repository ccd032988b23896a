package com.aperilex.flow.servers;

import com.aperilex.flow.domain.TaskLane;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.AperilexFlowApplication;
import com.aperilex.flow.dev.EmbeddedServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One more instance of the whole service, for tests that run it besides (or instead of) their Spring test
 * context: started with the given profiles and properties, on a port of its own, and closed by the test.
 * Properties are passed as command-line arguments, so they outrank the profile's configuration files; a
 * property set twice keeps its last value. {@link Builder#start()} runs it in this JVM,
 * {@link Builder#startProcess(String)} in a JVM of its own (one a test can kill).
 */
public final class ServiceReplica implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    private ServiceReplica(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** The stream-token key replicas of a test share, so a 202's eventsUrl works on every replica. */
    public static final String STREAM_TOKEN_KEY = "APERILEX_EVENTS_TOKEN_KEY=test-stream-token-key-at-least-32-bytes";

    /**
     * For a replica on a profile other than dev whose test sends no tokens: auth mode none (dev's), and the
     * stream-token key that only dev may leave unset.
     */
    public static final List<String> WITHOUT_TOKENS = List.of("aperilex.auth.mode=none", "aperilex.auth.allow-insecure=true", STREAM_TOKEN_KEY);

    /** A replica on these Spring profiles (a name no configuration file has, e.g. "api-replica", means none). */
    public static Builder withProfiles(String... profiles) {
        return new Builder(List.of(profiles));
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    @Override
    public void close() {
        context.close();
    }

    /** Closes the replicas in the given order, skipping those that never started. */
    public static void closeAll(ServiceReplica... replicas) {
        for (ServiceReplica replica : replicas) {
            if (replica != null) {
                replica.close();
            }
        }
    }

    public static final class Builder {
        private final List<String> profiles;
        private final List<Class<?>> sources = new ArrayList<>(List.of(AperilexFlowApplication.class));
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder(List<String> profiles) {
            this.profiles = profiles;
        }

        /** Properties as {@code key=value}. */
        public Builder properties(List<String> keyValues) {
            for (String keyValue : keyValues) {
                int eq = keyValue.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("not key=value: " + keyValue);
                }
                properties.remove(keyValue.substring(0, eq));
                properties.put(keyValue.substring(0, eq), keyValue.substring(eq + 1));
            }
            return this;
        }

        public Builder properties(String... keyValues) {
            return properties(List.of(keyValues));
        }

        /**
         * The database and the task queues of a replica running the dev profile: its embedded PostgreSQL, and
         * its in-process broker through {@link SharedDevQueueClient}, with the queue endpoints it resolved.
         * For a replica on a profile other than dev, which starts no servers of its own.
         */
        public Builder sharingDevServersOf(ServiceReplica first) {
            SharedDevQueueClient.endpoint = first.bean("devSqsClient", SqsClient.class).serviceClientConfiguration()
                    .endpointOverride().orElseThrow();
            sources.add(SharedDevQueueClient.class);
            var environment = first.context().getEnvironment();
            for (TaskLane lane : TaskLane.values()) {
                String key = "aperilex.queue.lanes." + lane.wireName() + ".uri";
                properties(key + "=" + environment.getRequiredProperty(key));
            }
            return properties(
                    "spring.datasource.url=" + first.bean(EmbeddedServers.class).postgres().getJdbcUrl("postgres", "postgres"),
                    "spring.datasource.username=postgres",
                    "aperilex.queue.dead-letter-uri=" + environment.getRequiredProperty("aperilex.queue.dead-letter-uri"));
        }

        /** Starts the replica in this JVM; it is ready when this returns. */
        public ServiceReplica start() {
            Map<String, String> all = new LinkedHashMap<>(Map.of("server.port", "0"));
            all.putAll(properties);
            return new ServiceReplica(new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                    .profiles(profiles.toArray(String[]::new)).run(arguments(all).toArray(String[]::new)));
        }

        /**
         * Starts the replica in a JVM of its own, on this test run's classpath, logging to
         * target/test-servers/{name}-{uuid}.log, and returns once its readiness probe answers 200.
         */
        public Process startProcess(String name) throws IOException {
            if (sources.size() > 1) {
                throw new IllegalStateException("a separate JVM takes no extra configuration classes");
            }
            // A port the test chose (to reach the process) is kept; otherwise a free one.
            int port = properties.containsKey("server.port") ? Integer.parseInt(properties.get("server.port"))
                    : FreePorts.loopback();
            Path log = Files.createDirectories(Path.of("target", "test-servers")).resolve(name + "-" + UUID.randomUUID() + ".log");
            Map<String, String> all = new LinkedHashMap<>();
            all.put("spring.profiles.active", String.join(",", profiles));
            all.putAll(properties);
            all.put("server.port", Integer.toString(port));
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                    "-cp", System.getProperty("java.class.path"), AperilexFlowApplication.class.getName()));
            command.addAll(arguments(all));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            HttpClient http = HttpClient.newHttpClient();
            URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    assertThat(process.isAlive()).as("worker process alive; see " + log).isTrue();
                    try {
                        return http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode() == 200;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
            } catch (RuntimeException | AssertionError e) {
                process.destroyForcibly();
                throw e;
            }
            return process;
        }

        private static List<String> arguments(Map<String, String> properties) {
            return properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toList();
        }
    }
}
