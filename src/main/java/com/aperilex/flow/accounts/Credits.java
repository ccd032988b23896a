package com.aperilex.flow.accounts;

import com.aperilex.flow.persistence.Ledger;
import com.aperilex.flow.domain.InsufficientCreditsException;
import com.aperilex.flow.domain.TransactionType;
import com.aperilex.flow.domain.LedgerEntry;
import com.aperilex.flow.domain.Account;
import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.FilingId;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ExchangeProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Charges a request answered from the global pool: only the filing access fee, and only on the caller's first
 * access to the analysis's filing (no analysis fee: the task that made the analysis paid it). The access is
 * recorded and the fee posted in one transaction; a balance that does not cover it records nothing (402).
 */
@Component("credits")
public class Credits {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Ledger ledger;

    public Credits(JdbcTemplate jdbc, TransactionTemplate tx, Ledger ledger) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.ledger = ledger;
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
        List<UUID> filings = jdbc.queryForList("SELECT filing_id FROM analyses WHERE id = ?", UUID.class,
                analysis.value());
        if (filings.isEmpty()) {
            return null;
        }
        FilingId filing = new FilingId(filings.get(0));
        BigDecimal fee = account.policy().filingAccessFeeUsd();
        // The common case, a user who already has the filing, costs one read and no lock.
        if (!jdbc.queryForList("SELECT 1 FROM user_filing_access WHERE user_id = ? AND filing_id = ?", Integer.class,
                account.userId().value(), filing.value()).isEmpty()) {
            return null;
        }
        return tx.execute(status -> {
            // The user's row first, as admission and settlement take it: the same lock order on every path.
            jdbc.queryForList("SELECT 1 FROM users WHERE id = ? FOR NO KEY UPDATE", Integer.class, account.userId().value());
            int first = jdbc.update("""
                    INSERT INTO user_filing_access (user_id, filing_id) VALUES (?, ?)
                    ON CONFLICT (user_id, filing_id) DO NOTHING
                    """, account.userId().value(), filing.value());
            if (first == 0 || fee.signum() == 0) {
                return null;
            }
            return ledger.post(account.userId(), TransactionType.FILING_ACCESS, fee.negate(), filing, null,
                            "filing access fee (answered from the pool by analysis " + analysis + ")", null)
                    .orElseThrow(() -> new InsufficientCreditsException(
                            ledger.balance(account.userId()).orElse(BigDecimal.ZERO), fee));
        });
    }
}
