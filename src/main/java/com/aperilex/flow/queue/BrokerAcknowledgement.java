package com.aperilex.flow.queue;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles a broker message when its exchange is done, never before. On RabbitMQ (consumer with
 * {@code acknowledgeMode=MANUAL}) that is an ack once the task's database work has committed, or a
 * nack with requeue after a failure, so the broker redelivers the message (the queue's delivery limit
 * then dead-letters one that keeps failing). SQS needs nothing here: Camel deletes the message when
 * the exchange completes and leaves it for redelivery when it fails.
 */
public class BrokerAcknowledgement {
    static final String RABBIT_CHANNEL = "CamelSpringRabbitmqChannel";
    static final String RABBIT_DELIVERY_TAG = "CamelSpringRabbitmqDeliveryTag";
    private static final Logger LOG = LoggerFactory.getLogger(BrokerAcknowledgement.class);

    private final Duration redeliveryDelay;

    /** @param redeliveryDelay a failed message waits this long before it goes back, so a fault cannot spin */
    public BrokerAcknowledgement(Duration redeliveryDelay) {
        this.redeliveryDelay = redeliveryDelay;
    }

    public void settleOnCompletion(Exchange exchange) {
        Channel channel = exchange.getProperty(RABBIT_CHANNEL, Channel.class);
        Long deliveryTag = exchange.getMessage().getHeader(RABBIT_DELIVERY_TAG, Long.class);
        if (channel == null || deliveryTag == null) {
            return; // not a manually acknowledged RabbitMQ delivery
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                settle(channel, deliveryTag, true);
            }

            @Override
            public void onFailure(Exchange failed) {
                LOG.warn("Task message not processed, returning it to the queue: {}",
                        failed.getException() == null ? "failed" : failed.getException().toString());
                try {
                    Thread.sleep(redeliveryDelay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                settle(channel, deliveryTag, false);
            }
        });
    }

    private static void settle(Channel channel, long deliveryTag, boolean processed) {
        try {
            if (processed) {
                channel.basicAck(deliveryTag, false);
            } else {
                channel.basicNack(deliveryTag, false, true);
            }
        } catch (IOException | RuntimeException e) {
            // The channel is gone (broker restart, connection loss): the broker redelivers the message
            // itself, and the consumer's idempotency drops it if its work is already done.
            LOG.warn("Could not {} task message {}: {}", processed ? "ack" : "nack", deliveryTag, e.toString());
        }
    }
}
