package com.aperilex.flow.pipeline;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The consumer runs the pipeline on a copy of its exchange (enrich), so nothing the pipeline does to
 * headers reaches the broker message: SQS deletes by the receipt-handle header, RabbitMQ acknowledges
 * by the delivery tag. Only a failure the pipeline could not record comes back, so the broker redelivers.
 */
@Component("keepTaskExchange")
public class KeepTaskExchange implements AggregationStrategy {
    @Override
    public Exchange aggregate(Exchange original, Exchange pipeline) {
        if (pipeline != null && pipeline.getException() != null) {
            original.setException(pipeline.getException());
        }
        return original;
    }
}
