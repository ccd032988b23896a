package com.aperilex.flow.domain;

import com.aperilex.flow.domain.UserTier;
import java.util.Objects;

/** The request asks for more than the caller's tier allows (403 outside-tier-access, naming the rule and tier). */
public class OutsideTierAccessException extends RuntimeException {
    private final TierRule rule;
    private final UserTier tier;

    public OutsideTierAccessException(TierRule rule, UserTier tier, String detail) {
        super(detail);
        this.rule = Objects.requireNonNull(rule, "rule");
        this.tier = Objects.requireNonNull(tier, "tier");
    }

    public TierRule rule() {
        return rule;
    }

    public UserTier tier() {
        return tier;
    }
}
