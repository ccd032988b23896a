package com.aperilex.flow.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.message.TaskMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.IdempotentConsumerDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.test.context.TestPropertySource;

/**
 * On RabbitMQ, a message whose processing keeps failing (here a simulated database outage) goes back to
 * the queue after each failure and, past the quorum queue's delivery limit, to the dead-letter queue:
 * it is neither lost nor retried for ever.
 */
@TestPropertySource(properties = {"aperilex.queue.max-deliveries=3", "aperilex.queue.redelivery-delay=100ms"})
class ConsumerFailureTest extends LocalProfileTestSupport {
    private static final String FAIL_HEADER = "AperilexTestSimulatedOutage";


    @Test
    void aMessageThatKeepsFailingIsRedeliveredThenDeadLetteredByTheDeliveryLimit() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        AdviceWith.adviceWith(camel, "consume-tasks-highest", route -> route.weaveByType(IdempotentConsumerDefinition.class)
                .before().process(exchange -> {
                    if ("yes".equals(exchange.getMessage().getHeader(FAIL_HEADER))) {
                        attempts.incrementAndGet();
                        throw new IllegalStateException("simulated database outage");
                    }
                }));
        // A real task's message, marked for the simulated outage.
        camel.getRouteController().stopRoute("consume-tasks-highest");
        serveCompany(3_700_001L, "Failing Consumer Corp", "0003700001-24-000001", "fc-10k.htm");
        String taskId = submit("{\"email\":\"" + uniqueEmail() + "\",\"cik\":\"3700001\"}");
        TaskMessage message = queuedMessage(taskId);
        rabbit.receive("aperilex.tasks.highest", 5000); // the intake's own copy, unmarked
        String body = codec.encode(message);
        publish(message, Map.of(FAIL_HEADER, "yes"));
        camel.getRouteController().startRoute("consume-tasks-highest");

        Message dead = rabbit.receive("aperilex.tasks.dlq", 30_000);
        assertThat(dead).as("dead-lettered after the delivery limit").isNotNull();
        assertThat(new String(dead.getBody())).isEqualTo(body);
        // The first delivery and one more per allowed redelivery, then the broker gives up on it.
        assertThat(attempts.get()).isEqualTo(4);
        List<Map<String, ?>> deaths = dead.getMessageProperties().getXDeathHeader();
        assertThat(deaths).isNotEmpty();
        assertThat(deaths.get(0).get("reason")).hasToString("delivery_limit");
        assertThat(deaths.get(0).get("queue")).hasToString("aperilex.tasks.highest");
    }
}
