package com.aperilex.flow.accounts;

import com.aperilex.flow.domain.LedgerEntry;
import com.aperilex.flow.domain.TierPolicy;
import com.aperilex.flow.persistence.AccountReads.AccountRow;
import java.util.List;

/**
 * A user's account as {@code GET /api/v1/me} and the admin view show it: the row with its usage, the tier's
 * policy, and a page of the ledger.
 *
 * @param nextBefore the {@code before} of the next (older) page, or null when this page is the last
 */
public record AccountStatement(AccountRow account, TierPolicy policy, List<LedgerEntry> transactions, Long nextBefore) {
    public AccountStatement {
        transactions = List.copyOf(transactions);
    }
}
