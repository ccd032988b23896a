package com.aperilex.flow.api;

import com.aperilex.flow.problem.FieldError;
import com.aperilex.flow.problem.Problem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A JSON request body must be valid UTF-8: one that is not is answered 400, as the intake answers any other
 * malformed JSON. Without this, Camel's platform-http binding decodes the body through the container's
 * Reader, whose decoder fails on the first bad byte mid-route (a 500). The body checked is the one
 * {@link RequestBodyLimitFilter} read (bounded by the limit) and replays to the routes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class JsonBodyEncodingFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isJson(request.getContentType());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // RequestBodyLimitFilter has read every body there is (bounded by the limit) and replays it.
        byte[] replayed = ReplayedBodyRequest.bodyOf(request);
        byte[] body = replayed != null ? replayed : new byte[0];
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            ProblemResponses.write(response, Problem.invalidRequest(
                    List.of(new FieldError("body", "malformed JSON: the body is not valid UTF-8")),
                    ProblemResponses.instance(request.getRequestURI())), false);
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
