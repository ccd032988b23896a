package com.aperilex.flow.profiles;

import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.aperilex.flow.servers.RabbitMqServer;
import com.aperilex.flow.servers.TestPostgres;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on its {@code local} profile: a real RabbitMQ server (a virtual host of its own per
 * test class) and a real PostgreSQL server (a database of its own), EDGAR and the LLM as stubs.
 */
@ActiveProfiles("local")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class LocalProfileTestSupport extends PipelineTestSupport {
    protected static final RabbitMqServer RABBIT = RabbitMqServer.shared();

    @DynamicPropertySource
    static void localServers(DynamicPropertyRegistry registry) {
        String url = TestPostgres.newDatabase();
        String vhost = RABBIT.newVirtualHost();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.rabbitmq.port", RABBIT::port);
        registry.add("spring.rabbitmq.virtual-host", () -> vhost);
    }
}
