package com.aperilex.flow;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What operators and the frontend rely on besides the API: routes, OpenAPI, health and metrics. */
class OperationsTest extends ServiceTestSupport {

    @Autowired
    CamelContext camel;

    @Test
    void routesAreLoaded() {
        // camel.springboot.* keys are silently ignored and would leave zero routes: fail loudly instead.
        assertThat(camel.getRoutes()).isNotEmpty();
        assertThat(camel.getRoutes().stream().map(Route::getRouteId))
                .contains("submit-analysis", "get-task", "get-analysis", "consume-tasks-highest", "consume-tasks-bulk", "process-task",
                        "purge-idempotent-keys");
    }

    @Test
    void openApiDocumentDescribesTheContract() {
        Reply reply = get("/api/v1/openapi.json");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode paths = reply.json().get("paths");
        assertThat(paths.has("/api/v1/analyses")).isTrue();
        assertThat(paths.get("/api/v1/analyses").has("post")).isTrue();
        assertThat(paths.has("/api/v1/tasks/{taskId}")).isTrue();
        assertThat(paths.has("/api/v1/tasks/{taskId}/events")).isTrue();
        assertThat(paths.has("/api/v1/analyses/{analysisId}")).isTrue();
    }

    @Test
    void livenessAndReadinessIncludeCamelAndTheDatabase() {
        Reply liveness = get("/actuator/health/liveness");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().get("status").asText()).isEqualTo("UP");

        // Ready once the task consumer has completed its first poll of the queue.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/actuator/health/readiness").status()).isEqualTo(200));
        JsonNode components = get("/actuator/health/readiness").json().get("components");
        assertThat(components.get("db").get("status").asText()).isEqualTo("UP");
        assertThat(components.get("camelHealth").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void prometheusMetricsIncludeHttpAndCamel() {
        get("/api/v1/tasks/00000000-0000-0000-0000-000000000000");
        Reply reply = get("/actuator/prometheus");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("http_server_requests_seconds");
        assertThat(reply.body()).contains("hikaricp_connections");
        assertThat(reply.body()).contains("camel_");
    }
}
