package com.aperilex.flow.api;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.problem.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.coyote.BadRequestException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 413 problem+json for request bodies above {@code aperilex.api.max-body-size}, before anything
 * reads them. A declared Content-Length is checked up front; every body is then read here, up to the limit,
 * and replayed, so an unbounded body never reaches the routes, and a body that cannot be read (cut off,
 * malformed chunks, too slow) is a 400 here rather than a failure mid-route (a 500).
 *
 * <p>Every path is limited, not just {@code /api/}: no endpoint of this service takes a larger body, and a
 * prefix match on the raw URI is what {@code /%61pi/v1/analyses} once slipped past (such paths are now
 * refused by {@link EdgeRequestFilter} before this filter). {@link BodyLimitValve} holds the same limit in
 * Tomcat, below every filter.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestBodyLimitFilter extends OncePerRequestFilter {
    private final long limit;

    public RequestBodyLimitFilter(AperilexProperties properties) {
        this.limit = properties.api().maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            reject(request, response);
            return;
        }
        if (declared == 0 || (declared < 0 && request.getHeader("Transfer-Encoding") == null)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (BodyLimitValve.BodyTooLargeException e) {
            reject(request, response);
            return;
        } catch (BadRequestException e) {
            throw e;
        } catch (IOException e) {
            // Cut off, malformed chunks, too slow: Tomcat has already marked the response, so it is not written
            // here; its BadRequestException makes the container answer 400 through the error page (problem+json).
            throw new BadRequestException("request body unreadable", e);
        }
        if (declared >= 0 && body.length < declared) {
            throw new BadRequestException("request body shorter than its Content-Length");
        }
        if (body.length > limit) {
            reject(request, response);
            return;
        }
        chain.doFilter(new ReplayedBodyRequest(request, body), response);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The unread body is discarded; closing the connection keeps the client from sending the rest.
        ProblemResponses.write(response, ProblemType.PAYLOAD_TOO_LARGE,
                "request body exceeds the limit of " + limit + " bytes", ProblemResponses.instance(request.getRequestURI()),
                true);
    }
}
