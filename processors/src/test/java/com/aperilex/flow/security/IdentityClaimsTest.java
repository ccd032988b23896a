package com.aperilex.flow.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.domain.Email;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityClaimsTest {
    private final IdentityClaims claims = new IdentityClaims(new IdentityClaims.Settings("sub", "email",
            "email_verified", "groups", "aperilex-admin", List.of("Boss@Example.com")));

    @Test
    void theSubjectAndEmailAreTheIdentity() {
        Identity identity = claims.fromToken(Map.of("sub", "u-1", "email", "Jane@Example.com", "email_verified", true));
        assertThat(identity).isEqualTo(new Identity("u-1", Email.of("jane@example.com"), false));
        assertThat(claims.fromToken(Map.of("sub", "u-2")).email()).as("no email claim").isNull();
        assertThat(claims.fromToken(Map.of("sub", "u-3", "email", "not an email")).email()).isNull();
    }

    @Test
    void aTokenWithoutSubjectOrWithAnUnverifiedEmailIsNoIdentity() {
        assertThat(claims.problem(Map.of("sub", "u-1"))).isEmpty();
        assertThat(claims.problem(Map.of("sub", "u-1", "email_verified", true))).isEmpty();
        assertThat(claims.problem(Map.of("sub", "u-1", "email_verified", "true"))).isEmpty();
        assertThat(claims.problem(Map.of("sub", "u-1", "email_verified", false))).isPresent();
        assertThat(claims.problem(Map.of("sub", "u-1", "email_verified", "false"))).isPresent();
        assertThat(claims.problem(Map.of("email", "a@example.com"))).isPresent();
        assertThat(claims.problem(Map.of("sub", " "))).isPresent();
    }

    @Test
    void adminsByClaimOrEmail() {
        assertThat(claims.fromToken(Map.of("sub", "a", "groups", List.of("x", "aperilex-admin"))).admin()).isTrue();
        assertThat(claims.fromToken(Map.of("sub", "a", "groups", "x aperilex-admin")).admin()).isTrue();
        assertThat(claims.fromToken(Map.of("sub", "a", "groups", List.of("aperilex-admins"))).admin()).isFalse();
        assertThat(claims.fromToken(Map.of("sub", "a", "email", "boss@example.com")).admin()).isTrue();
        assertThat(claims.fromToken(Map.of("sub", "a", "email", "jane@example.com")).admin()).isFalse();
    }

    @Test
    void modeNoneTrustsTheClaimedEmail() {
        assertThat(claims.fromClaimedEmail(Email.of("jane@example.com")))
                .isEqualTo(new Identity("email:jane@example.com", Email.of("jane@example.com"), false));
        assertThat(claims.fromClaimedEmail(Email.of("BOSS@example.com")).admin()).isTrue();
    }
}
