package com.aperilex.flow.llm;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The daily spend limit every model call passes: before the call its maximum cost is reserved against the
 * day's budget, after it the reservation is settled to the call's actual cost. A call whose reservation is
 * refused does not start.
 */
public interface LlmSpendGuard {
    /** No limit: for an analyst outside the service. */
    LlmSpendGuard UNLIMITED = new LlmSpendGuard() {
        @Override
        public Optional<Reservation> reserve(LocalDate day, BigDecimal maxCostUsd) {
            return Optional.of(new Reservation(day, maxCostUsd));
        }

        @Override
        public void settle(Reservation reservation, BigDecimal actualCostUsd) {
        }
    };

    /** A granted reservation: {@code amountUsd} counted against the budget of {@code day} (UTC). */
    record Reservation(LocalDate day, BigDecimal amountUsd) {
    }

    /**
     * Reserves {@code maxCostUsd} against the budget of {@code day}, atomically with every other worker's
     * reservations; empty when the day's reserved and spent cost plus it would exceed the budget.
     */
    Optional<Reservation> reserve(LocalDate day, BigDecimal maxCostUsd);

    /** Replaces the reservation by what the call cost (0 when it failed before an answer). */
    void settle(Reservation reservation, BigDecimal actualCostUsd);
}
