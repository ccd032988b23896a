package com.aperilex.flow.api;

import com.aperilex.flow.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * The answer to a request Spring Security's firewall (StrictHttpFirewall) rejects: the same 400 problem+json
 * {@link EdgeRequestFilter} gives, so whichever refuses first, the caller sees one answer. Spring Security's
 * WebSecurity takes the application's one RequestRejectedHandler bean.
 */
@Component
public final class RejectedRequestProblems implements RequestRejectedHandler {
    private static final Logger log = LoggerFactory.getLogger(RejectedRequestProblems.class);

    /** Answers 400 bad-request; the firewall's reason (it quotes the request) goes to the log at debug. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejection)
            throws IOException {
        log.debug("Request rejected by the firewall: {}", rejection.getMessage());
        ProblemResponses.write(response, ProblemType.BAD_REQUEST, ProblemResponses.detailFor(400),
                ProblemResponses.instance(request.getRequestURI()), true);
    }
}
