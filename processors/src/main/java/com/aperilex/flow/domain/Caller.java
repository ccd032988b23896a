package com.aperilex.flow.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling the API: the user row their identity maps onto, the identity provider's subject, their
 * verified email when known, and whether they are an administrator. Resolved once per request by the
 * security layer and handed to the routes as the exchange property {@value #PROPERTY}.
 *
 * @param subject the token's subject in mode {@code jwt}; {@code email:<address>} in mode {@code none}
 * @param email   the verified email, or null when the token carries none
 */
public record Caller(UserId userId, String subject, Email email, boolean admin) {
    /** The servlet request attribute the security layer stores the caller under. */
    public static final String REQUEST_ATTRIBUTE = "com.aperilex.flow.caller";
    /** The exchange property the API routes carry the caller in. */
    public static final String PROPERTY = "caller";

    public Caller {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(subject, "subject");
    }

    /**
     * Whether the caller has a user row of their own; mode none's anonymous reader has the nil UUID and counts
     * as no user (limits then apply per client address).
     */
    public boolean hasUser() {
        return userId.value().getMostSignificantBits() != 0 || userId.value().getLeastSignificantBits() != 0;
    }

    public Optional<Email> verifiedEmail() {
        return Optional.ofNullable(email);
    }
}
