package com.aperilex.flow.accounts;

import com.aperilex.flow.domain.RateLimitState;
import com.aperilex.flow.domain.Account;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/** SKELETON (owner: limits helper): counts this request against the caller's windows, or refuses it (429). */
@Component("rateLimits")
public class RateLimits {
    public RateLimitState take(@ExchangeProperty(Account.PROPERTY) Account account) {
        return RateLimitState.unlimited();
    }
}
