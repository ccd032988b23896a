package com.aperilex.flow.security;

import com.aperilex.flow.domain.Email;
import java.util.Objects;

/**
 * Who a caller is before their user row is looked up: the identity provider's subject (or {@code email:<address>}
 * in auth mode none), their verified email when known, and whether they are an administrator.
 */
public record Identity(String subject, Email email, boolean admin) {
    public Identity {
        Objects.requireNonNull(subject, "subject");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank");
        }
    }
}
