package com.aperilex.flow.edgar;

import com.aperilex.flow.config.AperilexProperties;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.springframework.stereotype.Component;

/**
 * The HTTP client of EDGAR endpoints ({@code httpClientConfigurer=#edgarHttpClient}): every request it
 * sends, redirects included, first waits for its slot in the shared SEC budget. Waiting right before the
 * request goes on the wire, not earlier in the route, keeps client start-up and route steps from
 * bunching requests that were spaced apart. A bulk request (an import's resolution, a bulk-lane task) waits
 * behind every interactive one ({@link EdgarRateBudget#acquire(boolean)}).
 *
 * <p>Every answer is bounded by {@code aperilex.edgar.max-document-size}: a larger declared Content-Length
 * fails before a byte of the body is read, and a body without one (chunked) fails as soon as it has streamed
 * past the limit; either way the connection is dropped so the rest is never read
 * ({@link DocumentTooLargeException}).
 */
@Component("edgarHttpClient")
public class EdgarHttpClient implements HttpClientConfigurer {
    /**
     * The request header through which edgar-get names the request's budget class ({@value #BULK} or
     * {@code interactive}); removed before the request leaves.
     */
    public static final String BUDGET_CLASS_HEADER = "X-Aperilex-Budget-Class";
    public static final String BULK = "bulk";
    private final EdgarRateBudget budget;
    private final long maxDocumentBytes;

    public EdgarHttpClient(EdgarRateBudget budget, AperilexProperties properties) {
        this.budget = budget;
        this.maxDocumentBytes = properties.edgar().maxDocumentSize().toBytes();
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addRequestInterceptorLast((request, entity, context) -> {
            // Which budget class the route asked for (edgar-get sets it); never sent to SEC.
            org.apache.hc.core5.http.Header lane = request.getFirstHeader(BUDGET_CLASS_HEADER);
            request.removeHeaders(BUDGET_CLASS_HEADER);
            budget.acquire(lane != null && BULK.equals(lane.getValue()));
        });
        // First in the chain, so it sees the final answer after redirects.
        builder.addExecInterceptorFirst("aperilex-max-document-size", (request, scope, chain) -> {
            ClassicHttpResponse response = chain.proceed(request, scope);
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                return response;
            }
            if (entity.getContentLength() > maxDocumentBytes) {
                scope.execRuntime.discardEndpoint();
                throw new DocumentTooLargeException("the answer declares " + entity.getContentLength()
                        + " bytes, over aperilex.edgar.max-document-size (" + maxDocumentBytes + " bytes)");
            }
            response.setEntity(new SizeLimitedEntity(entity, maxDocumentBytes, scope.execRuntime));
            return response;
        });
    }
}
