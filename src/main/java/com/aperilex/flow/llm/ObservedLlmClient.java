package com.aperilex.flow.llm;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * A model client whose every call is an observation {@code aperilex.llm.request}: a span of its own (a child of the
 * analyze step's span, so the trace shows how long the model took) and a timer
 * {@code aperilex_llm_request_seconds{provider, model, error}}. Only provider and model are tags: never a prompt.
 */
final class ObservedLlmClient implements LlmClient {
    private final LlmClient delegate;
    private final ObservationRegistry registry;

    ObservedLlmClient(LlmClient delegate, ObservationRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public String provider() {
        return delegate.provider();
    }

    @Override
    public String model() {
        return delegate.model();
    }

    @Override
    public LlmCompletion complete(LlmPrompt prompt) {
        return Observation.createNotStarted("aperilex.llm.request", registry)
                .contextualName("llm " + delegate.provider() + " " + delegate.model())
                .lowCardinalityKeyValue("provider", delegate.provider())
                .lowCardinalityKeyValue("model", delegate.model())
                .observe(() -> delegate.complete(prompt));
    }
}
