package com.aperilex.flow.queue;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.aws2.sqs.MessageDeduplicationIdStrategy;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;
import org.apache.camel.spi.EndpointStrategy;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * Camel 4.17 has no header for SQS's MessageDeduplicationId, only exchange-id and content-based
 * strategies. Every FIFO SQS endpoint gets this strategy instead: the id is the exchange property
 * {@link QueueHeaders#DEDUPLICATION_ID_PROPERTY} (the request's dedup key), falling back to the
 * exchange id when a route sets none.
 */
@Component
public class SqsFifoDeduplication implements CamelContextConfiguration {

    static final MessageDeduplicationIdStrategy FROM_PROPERTY = exchange -> {
        String key = exchange.getProperty(QueueHeaders.DEDUPLICATION_ID_PROPERTY, String.class);
        return key != null ? key : exchange.getExchangeId();
    };

    @Override
    public void beforeApplicationStart(CamelContext context) {
        context.getCamelContextExtension().registerEndpointCallback(new EndpointStrategy() {
            @Override
            public Endpoint registerEndpoint(String uri, Endpoint endpoint) {
                if (endpoint instanceof Sqs2Endpoint sqs && sqs.getConfiguration().getQueueName().endsWith(".fifo")) {
                    sqs.getConfiguration().setMessageDeduplicationIdStrategy(FROM_PROPERTY);
                }
                return endpoint;
            }
        });
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // nothing to do once started
    }
}
