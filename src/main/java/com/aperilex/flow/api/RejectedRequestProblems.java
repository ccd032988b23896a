package com.aperilex.flow.api;

import com.aperilex.flow.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to a request Spring Security's firewall (StrictHttpFirewall) rejects: the same 400 problem+json
 * {@link EdgeRequestFilter} gives, so whichever refuses first, the caller sees one answer. Kept free of
 * Spring Security types so it compiles without it; the security configuration wires it as its
 * RequestRejectedHandler:
 * <pre>{@code
 * @Bean
 * RequestRejectedHandler requestRejectedHandler() {
 *     return RejectedRequestProblems::answer;
 * }
 * }</pre>
 */
public final class RejectedRequestProblems {
    private static final Logger log = LoggerFactory.getLogger(RejectedRequestProblems.class);

    private RejectedRequestProblems() {
    }

    /** Answers 400 bad-request; the firewall's reason (it quotes the request) goes to the log at debug. */
    public static void answer(HttpServletRequest request, HttpServletResponse response, RuntimeException rejection)
            throws IOException {
        log.debug("Request rejected by the firewall: {}", rejection.getMessage());
        ProblemResponses.write(response, ProblemType.BAD_REQUEST, ProblemResponses.detailFor(400),
                ProblemResponses.instance(request.getRequestURI()), true);
    }
}
