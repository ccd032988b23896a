package com.aperilex.flow.security;

import com.aperilex.flow.problem.Problem;
import com.aperilex.flow.problem.ProblemType;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Writes the problem+json replies of the security layer, which answers before any route or controller runs.
 * Their details are fixed sentences: why a token was refused goes to the log, never to the caller.
 */
public final class SecurityProblems {
    public static final String UNAUTHENTICATED_DETAIL =
            "A valid bearer token of this service's identity provider is required.";
    public static final String FORBIDDEN_DETAIL = "The caller may not do this.";
    public static final String UNAVAILABLE_DETAIL = "The service cannot identify callers right now; please retry shortly.";
    /** Seconds a caller is asked to wait when a dependency of authentication is down. */
    public static final String RETRY_AFTER_SECONDS = "5";

    private final ObjectMapper json;

    public SecurityProblems(ObjectMapper json) {
        this.json = json;
    }

    /** 401 with {@code WWW-Authenticate: Bearer ...} (RFC 6750): {@code error} is null when no token was sent. */
    public void unauthenticated(HttpServletRequest request, HttpServletResponse response, String error)
            throws IOException {
        response.setHeader("WWW-Authenticate", wwwAuthenticate(error));
        write(request, response, ProblemType.UNAUTHENTICATED, UNAUTHENTICATED_DETAIL);
    }

    public static String wwwAuthenticate(String error) {
        return error == null ? "Bearer" : "Bearer error=\"" + error + "\"";
    }

    public void forbidden(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(request, response, ProblemType.FORBIDDEN, FORBIDDEN_DETAIL);
    }

    /** 503 with Retry-After: a dependency of caller resolution (the database, the identity provider) is down. */
    public void unavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        write(request, response, ProblemType.SERVICE_UNAVAILABLE, UNAVAILABLE_DETAIL);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Problem problem = Problem.of(type, detail, request.getRequestURI());
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
        response.flushBuffer();
    }
}
