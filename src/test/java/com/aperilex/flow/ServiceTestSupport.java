package com.aperilex.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Base of the black-box tests: the whole service on its dev profile (embedded PostgreSQL, in-process
 * ElasticMQ, a local storage folder), driven over real HTTP; every exchange is checked against the
 * OpenAPI document ({@link OpenApiContract}).
 *
 * <p>Spring's test context cache shares one running context among the test classes whose configuration
 * is the same: the subclasses that add nothing share one, and so do those of a support class that adds
 * the same (e.g. {@code PipelineTestSupport}'s). A class that adds its own properties, profiles, imports
 * or dynamic property sources gets a context of its own, kept running until the JVM ends unless it is
 * {@code @DirtiesContext}. {@code ${random.uuid}} is part of that configuration as written, so it does not
 * split the cache; it is resolved when a context starts, giving each context its own data folders.
 * Classes sharing a context share its database: tests never assume it empty (see {@link #uniqueEmail()}).
 */
@CamelSpringBootTest
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "aperilex.dev.postgres-data-directory=target/test-data/${random.uuid}/postgres",
        "aperilex.storage.local-directory=target/test-data/${random.uuid}/storage",
        "management.endpoint.health.show-components=always",
        "aperilex.queue.republish-interval=2s",
        // EDGAR leads nowhere here (see config/application.properties): a task's run fails transiently and
        // its retry is far off, so intake tests see one consumption per task. Pipeline tests override this.
        "aperilex.worker.retry.initial-backoff=10m"
})
public abstract class ServiceTestSupport {
    protected static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    /** An HTTP reply with its body parsed as JSON where it is JSON. */
    public record Reply(int status, String contentType, String location, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * The bearer token {@link #postJson} and {@link #get} send, or null for none: the dev profile's auth mode none
     * needs none; a test of mode jwt gives one.
     */
    protected String bearerToken() {
        return null;
    }

    protected Reply postJson(String json) {
        return send(authorized(HttpRequest.newBuilder(uri("/api/v1/analyses")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    protected Reply get(String path) {
        return send(authorized(HttpRequest.newBuilder(uri(path))).GET().build());
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        String token = bearerToken();
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    /** Sends the request and checks the exchange against the OpenAPI document. */
    protected static Reply send(HttpRequest request) {
        HttpResponse<String> response = OpenApiContract.send(request);
        return new Reply(response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.headers().firstValue("Location").orElse(null),
                response.body());
    }

    protected long rows(String table) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
        return n == null ? 0 : n;
    }

    /** A request body for a person nobody else in the test run uses, so tests never share tasks. */
    protected static String uniqueEmail() {
        return "user-" + java.util.UUID.randomUUID() + "@example.com";
    }
}
