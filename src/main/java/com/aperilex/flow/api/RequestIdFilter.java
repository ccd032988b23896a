package com.aperilex.flow.api;

import com.aperilex.flow.domain.RequestOrigin;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@value #HEADER} when it is well formed ({@link RequestOrigin#REQUEST_ID}),
 * else a new UUID. The id is answered in the same header, is on the request's log lines (MDC {@value #MDC_KEY}),
 * and is what the audit log records as the request id ({@link #ATTRIBUTE}). Runs right after EdgeRequestFilter, so
 * even a refused request's answer names its id.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestIdFilter extends OncePerRequestFilter {
    public static final String HEADER = "X-Request-Id";
    /** The servlet request attribute the id is kept under. */
    public static final String ATTRIBUTE = "com.aperilex.flow.requestId";
    static final String MDC_KEY = "requestId";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        String id = given != null && RequestOrigin.REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The request's origin as the audit log records it: client address, User-Agent and the request id. */
    public static RequestOrigin origin(HttpServletRequest request) {
        if (request == null) {
            return RequestOrigin.NONE;
        }
        Object id = request.getAttribute(ATTRIBUTE);
        String address = request.getRemoteAddr();
        return new RequestOrigin(address == null || address.length() > RequestOrigin.MAX_IP ? null : address,
                request.getHeader("User-Agent"), id instanceof String s ? s : null);
    }
}
