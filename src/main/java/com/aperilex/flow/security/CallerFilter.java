package com.aperilex.flow.security;

import com.aperilex.flow.domain.ApiLinks;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.persistence.Users;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs after authentication on every {@code /api/v1} request and stores the {@link Caller} as the request
 * attribute {@link Caller#REQUEST_ATTRIBUTE}, where the routes (on other threads, without the security context)
 * and the event stream read it.
 *
 * <p>Mode jwt: the token's identity, its user row made on first sight. Mode none: a read is the
 * {@link #ANONYMOUS} caller, who may read every task (as on dev before authentication existed) and is an
 * administrator; a POST of an analysis gets no caller here, because its identity is the body's email, which the
 * submit-analysis route reads.
 * A database that cannot be reached is 503 with Retry-After, not an error.
 */
final class CallerFilter extends OncePerRequestFilter {
    private static final Logger LOG = LoggerFactory.getLogger(CallerFilter.class);

    /** Mode none's reader: no user row (the nil UUID), and every task is visible to them. */
    static final Caller ANONYMOUS = new Caller(new UserId(new UUID(0, 0)), "anonymous", null, true);

    private final boolean tokens;
    private final IdentityClaims claims;
    private final Users users;
    private final SecurityProblems problems;

    CallerFilter(boolean tokens, IdentityClaims claims, Users users, SecurityProblems problems) {
        this.tokens = tokens;
        this.claims = claims;
        this.users = users;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith(ApiLinks.BASE + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller;
        try {
            caller = resolve(request);
        } catch (DataAccessException e) {
            LOG.warn("Cannot resolve the caller of {} {}: the database is unavailable: {}", request.getMethod(),
                    request.getRequestURI(), e.getMostSpecificCause().toString());
            problems.unavailable(request, response);
            return;
        }
        if (caller != null) {
            request.setAttribute(Caller.REQUEST_ATTRIBUTE, caller);
        }
        // The caller's user id (never the email) on the request's log lines; the anonymous reader has none.
        boolean named = caller != null && caller != ANONYMOUS;
        if (named) {
            MDC.put(USER_ID_MDC, caller.userId().value().toString());
        }
        try {
            chain.doFilter(request, response);
        } finally {
            if (named) {
                MDC.remove(USER_ID_MDC);
            }
        }
    }

    /** The MDC key of the caller's user id, the one the routes' exchange property userId also fills. */
    static final String USER_ID_MDC = "userId";

    private Caller resolve(HttpServletRequest request) {
        if (!tokens) {
            // A submit's identity is its body's email (submit-analysis reads it); every other call is the reader.
            return "POST".equals(request.getMethod()) && request.getRequestURI().endsWith(ApiLinks.BASE + "/analyses")
                    ? null : ANONYMOUS;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            return null; // a public path (the stream with a stream token): no caller
        }
        Identity identity = claims.fromToken(token.getToken().getClaims());
        UserId user = users.resolve(identity.subject(), identity.email());
        return new Caller(user, identity.subject(), identity.email(), identity.admin());
    }
}
