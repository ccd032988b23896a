package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.domain.InsufficientCreditsException;
import com.aperilex.flow.domain.LedgerEntry;
import com.aperilex.flow.domain.TransactionType;
import com.aperilex.flow.domain.UserId;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The filing access fee of a request answered from the pool: charged on the user's first access to the analysis's
 * filing, the access recorded and the fee posted in one transaction under the user's row lock (the order
 * admission and settlement take their locks in).
 */
@Repository
public class PooledAccessCharges {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Ledger ledger;

    public PooledAccessCharges(JdbcTemplate jdbc, TransactionTemplate tx, Ledger ledger) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.ledger = ledger;
    }

    /**
     * The FILING_ACCESS row charged, or empty when none was due (access already recorded, a zero fee, an unknown
     * analysis).
     *
     * @throws InsufficientCreditsException the balance does not cover the fee; nothing is recorded
     */
    public Optional<LedgerEntry> charge(UserId user, AnalysisId analysis, BigDecimal fee) {
        List<UUID> filings = jdbc.queryForList("SELECT filing_id FROM analyses WHERE id = ?", UUID.class,
                analysis.value());
        if (filings.isEmpty()) {
            return Optional.empty();
        }
        FilingId filing = new FilingId(filings.get(0));
        // The common case, a user who already has the filing, costs one read and no lock.
        if (!jdbc.queryForList("SELECT 1 FROM user_filing_access WHERE user_id = ? AND filing_id = ?", Integer.class,
                user.value(), filing.value()).isEmpty()) {
            return Optional.empty();
        }
        return tx.execute(status -> {
            jdbc.queryForList("SELECT 1 FROM users WHERE id = ? FOR NO KEY UPDATE", Integer.class, user.value());
            int first = jdbc.update("""
                    INSERT INTO user_filing_access (user_id, filing_id) VALUES (?, ?)
                    ON CONFLICT (user_id, filing_id) DO NOTHING
                    """, user.value(), filing.value());
            if (first == 0 || fee.signum() == 0) {
                return Optional.<LedgerEntry>empty();
            }
            return Optional.of(ledger.post(user, TransactionType.FILING_ACCESS, fee.negate(), filing, null,
                            "filing access fee (answered from the pool by analysis " + analysis + ")", null)
                    .orElseThrow(() -> new InsufficientCreditsException(
                            ledger.balance(user).orElse(BigDecimal.ZERO), fee)));
        });
    }
}
