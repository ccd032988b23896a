package com.aperilex.flow.llm;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resilience4j circuit breaker in front of a model: after {@code failureThreshold} transient provider
 * failures in a row (timeouts, 429, 5xx) it opens and refuses every call for {@code openFor} without touching
 * the provider ({@link LlmCallRefusedException}, due when the breaker lets a trial call through); then one trial
 * call decides whether it closes again. A permanent failure (a refused key, a bad request) says nothing about
 * the provider's health and neither opens nor closes it. One breaker per process: each worker learns of an
 * outage from its own calls.
 */
public final class BreakingLlmClient implements LlmClient {
    private static final Logger LOG = LoggerFactory.getLogger(BreakingLlmClient.class);

    private final LlmClient delegate;
    private final CircuitBreaker breaker;
    private final Duration openFor;
    private final Clock clock;
    private volatile Instant openedAt;

    public BreakingLlmClient(LlmClient delegate, int failureThreshold, Duration openFor, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.openFor = Objects.requireNonNull(openFor, "openFor");
        this.clock = Objects.requireNonNull(clock, "clock");
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                // failureThreshold calls in a row, all failed: the count window holds exactly those calls.
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failureThreshold)
                .minimumNumberOfCalls(failureThreshold)
                .failureRateThreshold(100.0f)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> e instanceof LlmCallException call && call.isTransient())
                .ignoreException(e -> !(e instanceof LlmCallException call && call.isTransient()))
                .build();
        this.breaker = CircuitBreaker.of("llm-" + delegate.provider(), config);
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt = clock.instant();
            }
            LOG.warn("LLM circuit breaker of {} model {}: {}", delegate.provider(), delegate.model(),
                    event.getStateTransition());
        });
    }

    @Override
    public String provider() {
        return delegate.provider();
    }

    @Override
    public String model() {
        return delegate.model();
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    @Override
    public LlmCompletion complete(LlmPrompt prompt) {
        try {
            return breaker.executeSupplier(() -> delegate.complete(prompt));
        } catch (CallNotPermittedException open) {
            Instant opened = openedAt;
            Instant retryAt = opened == null ? clock.instant().plus(openFor) : opened.plus(openFor);
            throw new LlmCallRefusedException("circuit breaker open after " + breaker.getCircuitBreakerConfig()
                    .getMinimumNumberOfCalls() + " provider failures in a row; no call before " + retryAt, retryAt);
        }
    }
}
