package com.aperilex.flow.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.events.TaskEventHub;
import com.aperilex.flow.secrets.AwsSecretsManagerProvider;
import com.aperilex.flow.stubs.AwsStub;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The database password rotated in Secrets Manager while the service runs: a real PostgreSQL whose application
 * role logs in with a password (scram-sha-256), the secret served by the AWS stub. After ALTER ROLE and the new
 * secret, new pool connections and the event hub's own LISTEN connection log in with the new password, even
 * though the cached value (TTL an hour here) is still the old one: the refused login drops it.
 */
class DatabasePasswordRotationTest {
    private static final String SECRET = "aperilex/database#password";
    private static final String ROLE = "aperilex_app";

    private EmbeddedPostgres postgres;
    private AwsStub aws;
    private AwsSecretsManagerProvider secrets;
    private HikariDataSource pool;
    private TaskEventHub hub;

    @BeforeEach
    void start() throws Exception {
        Path data = Files.createTempDirectory("rotation-pg");
        postgres = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1").start();
        admin("CREATE ROLE " + ROLE + " LOGIN PASSWORD 'first-password'");
        // The superuser keeps trust (the test's admin connection); the application role must give a password.
        Files.writeString(data.resolve("pg_hba.conf"), """
                host all postgres 127.0.0.1/32 trust
                host all postgres ::1/128 trust
                local all postgres trust
                host all all 127.0.0.1/32 scram-sha-256
                """);
        admin("SELECT pg_reload_conf()");

        aws = new AwsStub();
        secret("first-password");
        SecretsManagerClient client = SecretsManagerClient.builder().endpointOverride(URI.create(aws.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))).build();
        secrets = new AwsSecretsManagerProvider(client, Duration.ofHours(1), Clock.systemUTC());

        DataSourceProperties properties = new DataSourceProperties();
        properties.setUrl(postgres.getJdbcUrl("postgres", "postgres").replace("localhost", "127.0.0.1")
                .replaceAll("\\?.*", ""));
        properties.setUsername(ROLE);
        properties.afterPropertiesSet();
        pool = DatabaseConfiguration.pool(properties, SECRET, secrets);
        pool.setMaximumPoolSize(2);
        pool.setConnectionTimeout(3000);
    }

    @AfterEach
    void stop() throws Exception {
        if (hub != null) {
            hub.stop();
        }
        if (pool != null) {
            pool.close();
        }
        if (secrets != null) {
            secrets.close();
        }
        if (aws != null) {
            aws.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void newConnectionsAndTheEventListenerLogInWithTheRotatedPassword() throws Exception {
        assertThat(currentUser()).isEqualTo(ROLE);
        TaskId task = new TaskId(UUID.randomUUID());
        AtomicInteger woken = new AtomicInteger();
        hub = new TaskEventHub(pool);
        hub.subscribe(task, woken::incrementAndGet);
        hub.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> listening() == 1);
        int before = woken.get();
        admin("NOTIFY aperilex_task_events, '" + task.value() + "'");
        await().atMost(Duration.ofSeconds(10)).until(() -> woken.get() > before);

        // Rotation: the role's password changes, then the secret; the cache still holds the old value.
        admin("ALTER ROLE " + ROLE + " PASSWORD 'second-password'");
        secret("second-password");
        pool.getHikariPoolMXBean().softEvictConnections();
        assertThat(currentUser()).isEqualTo(ROLE);
        assertThat(backends()).as("the old connections were replaced").isGreaterThanOrEqualTo(1);

        // Rotated again, and the database drops every session of the role: the listener logs in anew.
        admin("ALTER ROLE " + ROLE + " PASSWORD 'third-password'");
        secret("third-password");
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + ROLE + "'");
        await().atMost(Duration.ofSeconds(20)).until(() -> listening() == 1);
        int afterReconnect = woken.get();
        admin("NOTIFY aperilex_task_events, '" + task.value() + "'");
        await().atMost(Duration.ofSeconds(10)).until(() -> woken.get() > afterReconnect);
        assertThat(currentUser()).isEqualTo(ROLE);

        // The stale value was dropped on refusal, not kept for the hour: read again after each rotation.
        assertThat(aws.server().findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/"))
                .withHeader("X-Amz-Target", WireMock.equalTo("secretsmanager.GetSecretValue"))).size())
                .isGreaterThanOrEqualTo(3);
    }

    private void secret(String password) {
        aws.secret("aperilex/database", "{\"username\":\"" + ROLE + "\",\"password\":\"" + password + "\"}");
    }

    private String currentUser() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private int listening() throws SQLException {
        return count("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + ROLE + "' AND query LIKE 'LISTEN%'");
    }

    private int backends() throws SQLException {
        return count("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + ROLE + "'");
    }

    private int count(String sql) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
