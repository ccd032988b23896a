package com.aperilex.flow.security;

import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.InvalidValueException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads an {@link Identity} from a validated token's claims, by the configured claim names (Cognito, Clerk, Auth0
 * and Keycloak name them differently). Also the identity of auth mode none, where the body's email is trusted.
 *
 * <p>Admin: the admin claim holds the admin value (a list claim such as {@code groups} or {@code cognito:groups},
 * or a space-separated string such as {@code scope}), or the verified email is one of the admin emails.
 */
public final class IdentityClaims {
    /** The subject prefix of identities in auth mode none: their subject is the email they claim. */
    public static final String EMAIL_SUBJECT_PREFIX = "email:";

    private final String subjectClaim;
    private final String emailClaim;
    private final String emailVerifiedClaim;
    private final String adminClaim;
    private final String adminClaimValue;
    private final Set<String> adminEmails;

    public IdentityClaims(Settings settings) {
        this.subjectClaim = settings.subjectClaim();
        this.emailClaim = settings.emailClaim();
        this.emailVerifiedClaim = settings.emailVerifiedClaim();
        this.adminClaim = settings.adminClaim();
        this.adminClaimValue = settings.adminClaimValue();
        this.adminEmails = settings.adminEmails().stream().map(e -> Email.of(e).value()).collect(Collectors.toSet());
    }

    /**
     * The claim names and admin rules.
     *
     * @param adminClaim null or blank: no claim makes an admin (only {@code adminEmails})
     */
    public record Settings(String subjectClaim, String emailClaim, String emailVerifiedClaim, String adminClaim,
                           String adminClaimValue, List<String> adminEmails) {
        public Settings {
            Objects.requireNonNull(subjectClaim, "subjectClaim");
            Objects.requireNonNull(emailClaim, "emailClaim");
            Objects.requireNonNull(emailVerifiedClaim, "emailVerifiedClaim");
            adminEmails = adminEmails == null ? List.of() : List.copyOf(adminEmails);
        }
    }

    /**
     * Why a token's claims are not an identity, or empty when they are: no subject, or an email the provider
     * says is not verified. (Signature, issuer, audience and expiry are checked before this.)
     */
    public Optional<String> problem(Map<String, Object> claims) {
        Object subject = claims.get(subjectClaim);
        if (!(subject instanceof String s) || s.isBlank()) {
            return Optional.of("the token has no " + subjectClaim + " claim");
        }
        Object verified = claims.get(emailVerifiedClaim);
        if (verified != null && !Boolean.TRUE.equals(verified) && !"true".equals(verified)) {
            return Optional.of("the token's " + emailVerifiedClaim + " claim is not true");
        }
        return Optional.empty();
    }

    /** The identity of a token whose claims have no {@link #problem}. */
    public Identity fromToken(Map<String, Object> claims) {
        String subject = (String) claims.get(subjectClaim);
        Email email = email(claims.get(emailClaim));
        return new Identity(subject, email, email != null && adminEmails.contains(email.value()) || hasAdminClaim(claims));
    }

    /** Auth mode none: the email the caller claims is their identity. */
    public Identity fromClaimedEmail(Email email) {
        Objects.requireNonNull(email, "email");
        return new Identity(EMAIL_SUBJECT_PREFIX + email.value(), email, adminEmails.contains(email.value()));
    }

    private boolean hasAdminClaim(Map<String, Object> claims) {
        if (adminClaim == null || adminClaim.isBlank() || adminClaimValue == null) {
            return false;
        }
        Object value = claims.get(adminClaim);
        if (value instanceof Collection<?> values) {
            return values.stream().anyMatch(adminClaimValue::equals);
        }
        if (value instanceof String text) {
            return List.of(text.strip().split("\\s+")).contains(adminClaimValue);
        }
        return false;
    }

    /** An address the identity provider holds that is not one we accept is no email, not an error. */
    private static Email email(Object claim) {
        if (!(claim instanceof String text)) {
            return null;
        }
        try {
            return Email.of(text.toLowerCase(Locale.ROOT));
        } catch (InvalidValueException e) {
            return null;
        }
    }
}
