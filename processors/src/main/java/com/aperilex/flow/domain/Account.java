package com.aperilex.flow.domain;

import com.aperilex.flow.domain.TierPolicy;
import com.aperilex.flow.domain.UserId;
import java.util.Objects;

/**
 * The caller's account as intake sees it: who, at which tier, under which policy. Set by the submit route as
 * the exchange property {@value #PROPERTY}.
 *
 * @param anonymous true for a caller without a user row (limits then apply per client address)
 */
public record Account(UserId userId, TierPolicy policy, boolean anonymous) {
    public static final String PROPERTY = "account";

    public Account {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(policy, "policy");
    }
}
