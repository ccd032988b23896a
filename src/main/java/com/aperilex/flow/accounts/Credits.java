package com.aperilex.flow.accounts;

import com.aperilex.flow.domain.Account;
import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.InsufficientCreditsException;
import com.aperilex.flow.domain.LedgerEntry;
import com.aperilex.flow.persistence.PooledAccessCharges;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Charges a request answered from the global pool: only the filing access fee, and only on the caller's first
 * access to the analysis's filing (no analysis fee: the task that made the analysis paid it); see
 * {@link PooledAccessCharges}. A balance that does not cover it records nothing (402).
 */
@Component("credits")
public class Credits {
    private final PooledAccessCharges charges;

    public Credits(PooledAccessCharges charges) {
        this.charges = charges;
    }

    /**
     * The FILING_ACCESS row charged for this answer, or null when none was due (access already recorded, a zero
     * fee, or a caller without a user row).
     *
     * @throws InsufficientCreditsException the balance does not cover the access fee; nothing is recorded
     */
    public LedgerEntry chargePooledAccess(@ExchangeProperty(Account.PROPERTY) Account account,
                                          @ExchangeProperty("pooledAnalysisId") AnalysisId analysis) {
        if (account.anonymous() || analysis == null) {
            return null;
        }
        return charges.charge(account.userId(), analysis, account.policy().filingAccessFeeUsd()).orElse(null);
    }
}
