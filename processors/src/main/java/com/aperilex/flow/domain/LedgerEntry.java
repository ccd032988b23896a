package com.aperilex.flow.domain;

import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.UserId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of the ledger ({@code usage_transactions}).
 *
 * @param id           the row's sequence number: later rows have larger ids (the {@code before} cursor of a page)
 * @param amountUsd    signed: debits negative, credits positive
 * @param balanceAfterUsd the user's balance right after this row
 * @param filingId     the filing the row is about, or null
 * @param taskId       the task the row is about, or null
 * @param actorUserId  the administrator who made the row, or null when the service did
 */
public record LedgerEntry(long id, UserId userId, TransactionType type, BigDecimal amountUsd,
                          BigDecimal balanceAfterUsd, FilingId filingId, TaskId taskId, String description,
                          UserId actorUserId, Instant createdAt) {
    public LedgerEntry {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(amountUsd, "amountUsd");
        Objects.requireNonNull(balanceAfterUsd, "balanceAfterUsd");
    }
}
