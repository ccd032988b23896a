package com.aperilex.flow.edgar;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.springframework.stereotype.Component;

/**
 * The HTTP client of EDGAR endpoints ({@code httpClientConfigurer=#edgarHttpClient}): every request it
 * sends, redirects included, first waits for its slot in the shared SEC budget. Waiting right before the
 * request goes on the wire, not earlier in the route, keeps client start-up and route steps from
 * bunching requests that were spaced apart.
 */
@Component("edgarHttpClient")
public class EdgarHttpClient implements HttpClientConfigurer {
    private final EdgarRateBudget budget;

    public EdgarHttpClient(EdgarRateBudget budget) {
        this.budget = budget;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addRequestInterceptorLast((request, entity, context) -> budget.acquire());
    }
}
