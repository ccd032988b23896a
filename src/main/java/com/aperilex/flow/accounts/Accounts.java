package com.aperilex.flow.accounts;

import com.aperilex.flow.domain.Account;
import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.domain.UserTier;
import java.util.Optional;
import org.apache.camel.ExchangeProperty;
import com.aperilex.flow.persistence.AccountReads;
import org.springframework.stereotype.Component;

/**
 * The caller's account for intake: their tier as {@code users.tier} has it now (one primary-key read per
 * request, not cached, so an administrator's tier change applies from the next request on every replica) and
 * that tier's policy. A caller without a user row (mode none's anonymous reader) is at the default tier.
 */
@Component("accounts")
public class Accounts {
    private final AperilexProperties properties;
    private final AccountReads reads;

    public Accounts(AperilexProperties properties, AccountReads reads) {
        this.properties = properties;
        this.reads = reads;
    }

    public Account of(@ExchangeProperty(Caller.PROPERTY) Caller caller) {
        if (!caller.hasUser()) {
            return new Account(caller.userId(), properties.tiers().policy(properties.accounts().defaultTier()), true);
        }
        UserTier tier = tier(caller.userId()).orElse(properties.accounts().defaultTier());
        return new Account(caller.userId(), properties.tiers().policy(tier), false);
    }

    /** The user's tier now; empty for an unknown user. */
    public Optional<UserTier> tier(UserId user) {
        return reads.tier(user);
    }
}
