package com.aperilex.flow.accounts;

import com.aperilex.flow.domain.Account;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * SKELETON (owner: limits helper): whether the account's tier may ask for the filing (universe, history, form
 * types; DEMO only from the pool), refusing with 403; returns the data source the task resolves the filing
 * through (null: aperilex.pipeline.filing-source; "pool" for DEMO).
 */
@Component("tierAccess")
public class TierAccess {
    public String check(@ExchangeProperty(Account.PROPERTY) Account account) {
        return null;
    }
}
