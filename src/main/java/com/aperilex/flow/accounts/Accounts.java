package com.aperilex.flow.accounts;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.UserTier;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/** SKELETON (owner: ledger helper): the caller's account, read for intake. */
@Component("accounts")
public class Accounts {
    private final AperilexProperties properties;

    public Accounts(AperilexProperties properties) {
        this.properties = properties;
    }

    public Account of(@ExchangeProperty(Caller.PROPERTY) Caller caller) {
        UserTier tier = properties.accounts().defaultTier();
        return new Account(caller.userId(), properties.tiers().policy(tier), !caller.hasUser());
    }
}
