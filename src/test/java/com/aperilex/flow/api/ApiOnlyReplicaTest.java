package com.aperilex.flow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.ServiceTestSupport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/** With aperilex.worker.enabled=false a replica serves the API and leaves the queue to worker replicas. */
@DirtiesContext
@TestPropertySource(properties = "aperilex.worker.enabled=false")
class ApiOnlyReplicaTest extends ServiceTestSupport {

    @Autowired
    CamelContext camel;

    @Test
    void acceptsTasksWithoutConsumingThem() throws InterruptedException {
        assertThat(camel.getRoute("consume-tasks-highest")).isNull();
        assertThat(camel.getRoute("submit-analysis")).isNotNull();

        Reply reply = postJson("""
                {"email": "%s", "ticker": "AAPL"}""".formatted(uniqueEmail()));
        assertThat(reply.status()).isEqualTo(202);
        String taskId = reply.json().get("taskId").asText();

        // Nothing here takes it: after well over a consumer poll interval it is still QUEUED.
        Thread.sleep(2_000);
        assertThat(get("/api/v1/tasks/" + taskId).json().get("status").asText()).isEqualTo("QUEUED");
    }
}
