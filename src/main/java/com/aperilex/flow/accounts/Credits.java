package com.aperilex.flow.accounts;

import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/** SKELETON (owner: ledger helper): charges the filing access fee of a request answered from the pool (402). */
@Component("credits")
public class Credits {
    public Object chargePooledAccess(@ExchangeProperty(Account.PROPERTY) Account account) {
        return null;
    }
}
