package com.aperilex.flow.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/** Refuses tokens that are no identity: no subject, or an email the provider says is not verified. */
final class TokenIdentityValidator implements OAuth2TokenValidator<Jwt> {
    private final IdentityClaims claims;

    TokenIdentityValidator(IdentityClaims claims) {
        this.claims = claims;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        return claims.problem(token.getClaims())
                .map(reason -> OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, reason, null)))
                .orElseGet(OAuth2TokenValidatorResult::success);
    }
}
