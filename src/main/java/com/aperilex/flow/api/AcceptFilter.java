package com.aperilex.flow.api;

import com.aperilex.flow.domain.ApiLinks;
import com.aperilex.flow.problem.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * 406 problem+json for an API request whose Accept header admits none of what the API answers: JSON
 * (application/json, or application/problem+json for errors) and, for a task's event stream,
 * text/event-stream. The REST routes would otherwise answer JSON to a caller that said it cannot take it.
 * No Accept header means anything; an unparseable one is a 400.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class AcceptFilter extends OncePerRequestFilter {
    private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
    private static final List<MediaType> STREAM = List.of(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_JSON,
            MediaType.APPLICATION_PROBLEM_JSON);

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(ApiLinks.BASE + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<MediaType> accepted;
        try {
            accepted = accepted(request);
        } catch (IllegalArgumentException e) {
            ProblemResponses.write(response, ProblemType.BAD_REQUEST, "The Accept header is not a list of media types.",
                    ProblemResponses.instance(request.getRequestURI()), false);
            return;
        }
        List<MediaType> produced = request.getRequestURI().endsWith("/events") ? STREAM : JSON;
        if (!accepted.isEmpty() && accepted.stream().noneMatch(range -> range.getQualityValue() > 0
                && produced.stream().anyMatch(range::includes))) {
            ProblemResponses.write(response, ProblemType.NOT_ACCEPTABLE, ProblemResponses.detailFor(406),
                    ProblemResponses.instance(request.getRequestURI()), false);
            return;
        }
        chain.doFilter(request, response);
    }

    private static List<MediaType> accepted(HttpServletRequest request) {
        List<MediaType> all = new java.util.ArrayList<>();
        for (Enumeration<String> values = request.getHeaders("Accept"); values.hasMoreElements(); ) {
            String value = values.nextElement();
            if (!value.isBlank()) {
                all.addAll(MediaType.parseMediaTypes(value));
            }
        }
        return all;
    }
}
