package com.aperilex.flow.api;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.ImportRequest;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.RequestOrigin;
import com.aperilex.flow.persistence.Users;
import com.aperilex.flow.security.Identity;
import com.aperilex.flow.security.IdentityClaims;
import com.aperilex.flow.security.IdentityMismatchException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * The caller of an API route, as the exchange property {@value Caller#PROPERTY}. Routes run on another thread than
 * the servlet request's, so the security context is not visible to them: the security layer leaves the caller on
 * the request (CallerFilter) and each route's first step takes it from there.
 */
@Component("apiCallers")
public class ApiCallers {
    private final boolean tokens;
    private final IdentityClaims claims;
    private final Users users;

    public ApiCallers(AperilexProperties properties, IdentityClaims claims, Users users) {
        this.tokens = properties.auth().mode() == AperilexProperties.AuthMode.JWT;
        this.claims = claims;
        this.users = users;
    }

    /** The caller the security layer resolved; null for a POST in auth mode none (see {@link #submitter}). */
    public Caller fromRequest(Exchange exchange) {
        PlatformHttpMessage message = exchange.getIn(PlatformHttpMessage.class);
        HttpServletRequest request = message == null ? null : message.getRequest();
        return request == null ? null : (Caller) request.getAttribute(Caller.REQUEST_ATTRIBUTE);
    }

    /** Where the request came from (address, User-Agent, request id), as the audit log records it. */
    public RequestOrigin origin(Exchange exchange) {
        PlatformHttpMessage message = exchange.getIn(PlatformHttpMessage.class);
        return RequestIdFilter.origin(message == null ? null : message.getRequest());
    }

    /**
     * Who submits the request. Mode jwt: the token's caller, when the body names no email or the caller's own
     * (else 403 identity-mismatch: nobody asks in another's name; a token without an email cannot vouch for one).
     * Mode none: the body's email is the identity, its user row made on first sight.
     */
    public Caller submitter(@ExchangeProperty(Caller.PROPERTY) Caller caller,
                            @ExchangeProperty("analysisRequest") AnalysisRequest request) {
        return submitterNamed(caller, request.email());
    }

    /** Who submits a bulk import: as {@link #submitter}, with the import request's email. */
    public Caller importer(@ExchangeProperty(Caller.PROPERTY) Caller caller,
                           @ExchangeProperty("importRequest") ImportRequest request) {
        if (!tokens && request.email() == null) {
            throw new com.aperilex.flow.intake.InvalidRequestException(List.of(new com.aperilex.flow.problem.FieldError(
                    "email", "required: without tokens (auth mode none) the email names the account")));
        }
        return submitterNamed(caller, request.email());
    }

    private Caller submitterNamed(Caller caller, Email email) {
        if (!tokens) {
            Identity identity = claims.fromClaimedEmail(email);
            return new Caller(users.resolve(identity.subject(), identity.email()), identity.subject(), identity.email(),
                    identity.admin());
        }
        if (caller == null) {
            throw new IllegalStateException("an authenticated route ran without a caller");
        }
        if (email != null && !email.equals(caller.email())) {
            throw new IdentityMismatchException("The request's email is not the authenticated caller's.");
        }
        return caller;
    }
}
