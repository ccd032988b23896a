package com.aperilex.flow.profiles;

import com.aperilex.flow.persistence.TaskSweeps;
import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.aperilex.flow.message.TaskMessage;
import com.aperilex.flow.message.TaskMessageCodec;
import com.aperilex.flow.queue.QueueHeaders;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import com.aperilex.flow.servers.RabbitMqServer;
import com.aperilex.flow.servers.TestPostgres;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole service on its {@code local} profile: a real RabbitMQ server (a virtual host of its own per
 * test class) and a real PostgreSQL server (a database of its own), EDGAR and the LLM as stubs.
 */
@ActiveProfiles("local")
// The local profile authenticates with tokens; these tests send none. LocalProfileEndToEndTest does, setting mode
// jwt in a dynamic property source, which outranks this.
@TestPropertySource(properties = {"aperilex.auth.mode=none", "aperilex.auth.allow-insecure=true"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class LocalProfileTestSupport extends PipelineTestSupport {
    protected static final RabbitMqServer RABBIT = RabbitMqServer.shared();

    @Autowired
    protected CamelContext camel;
    @Autowired
    protected ProducerTemplate producer;
    @Autowired
    protected RabbitTemplate rabbit;
    @Autowired
    protected TaskSweeps tasks;
    @Autowired
    protected TaskMessageCodec codec;

    /** The message the intake queued for a task that no worker has taken yet. */
    protected TaskMessage queuedMessage(String taskId) {
        return tasks.stranded(Instant.now().plusSeconds(3600), true, 1000).stream().map(TaskSweeps.Republish::message)
                .filter(m -> m.taskId().toString().equals(taskId)).findFirst().orElseThrow();
    }

    /** Publishes one more copy of a task message with the headers publish-task gives it, plus the given ones. */
    protected void publish(TaskMessage message, Map<String, Object> extraHeaders) {
        producer.send("{{aperilex.queue.lanes.highest.uri}}", exchange -> {
            exchange.getMessage().setBody(codec.encode(message));
            exchange.getMessage().setHeader(QueueHeaders.TASK_ID, message.taskId().toString());
            exchange.getMessage().setHeader(QueueHeaders.SCHEMA_VERSION, message.schemaVersion());
            extraHeaders.forEach(exchange.getMessage()::setHeader);
        });
    }

    @DynamicPropertySource
    static void localServers(DynamicPropertyRegistry registry) {
        String url = TestPostgres.newDatabase();
        String vhost = RABBIT.newVirtualHost();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.rabbitmq.port", RABBIT::port);
        registry.add("spring.rabbitmq.virtual-host", () -> vhost);
        // The local profile's stream tokens need a key (only dev makes one up).
        registry.add("APERILEX_EVENTS_TOKEN_KEY", () -> "test-stream-token-key-at-least-32-bytes");
    }
}
