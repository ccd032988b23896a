package com.aperilex.flow.persistence;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.llm.LlmSpendGuard;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The daily LLM spend guard shared by every worker, in {@code llm_daily_spend} (one row per UTC day). A
 * reservation is one guarded UPDATE: PostgreSQL locks the day's row, and a concurrent UPDATE waiting on that
 * lock re-checks its WHERE against the committed row, so reservations never add up past the budget together.
 * {@code aperilex.llm.daily-budget-usd} 0 refuses every call.
 */
@Repository
public class LlmSpend implements LlmSpendGuard {
    private final JdbcTemplate jdbc;
    private final BigDecimal budget;

    public LlmSpend(JdbcTemplate jdbc, AperilexProperties properties) {
        this.jdbc = jdbc;
        this.budget = properties.llm().dailyBudgetUsd();
    }

    @Override
    public Optional<Reservation> reserve(LocalDate day, BigDecimal maxCostUsd) {
        return reserve(day, maxCostUsd, budget);
    }

    /** {@link #reserve(LocalDate, BigDecimal)} against {@code budgetUsd}. */
    public Optional<Reservation> reserve(LocalDate day, BigDecimal maxCostUsd, BigDecimal budgetUsd) {
        if (budgetUsd.signum() <= 0) {
            return Optional.empty();
        }
        jdbc.update("INSERT INTO llm_daily_spend (day) VALUES (?) ON CONFLICT (day) DO NOTHING", Date.valueOf(day));
        int updated = jdbc.update("""
                UPDATE llm_daily_spend SET reserved_usd = reserved_usd + ?, calls = calls + 1
                WHERE day = ? AND reserved_usd + ? <= ?
                """, maxCostUsd, Date.valueOf(day), maxCostUsd, budgetUsd);
        return updated == 1 ? Optional.of(new Reservation(day, maxCostUsd)) : Optional.empty();
    }

    @Override
    public void settle(Reservation reservation, BigDecimal actualCostUsd) {
        jdbc.update("UPDATE llm_daily_spend SET reserved_usd = GREATEST(0, reserved_usd - ? + ?) WHERE day = ?",
                reservation.amountUsd(), actualCostUsd, Date.valueOf(reservation.day()));
    }

    /** The day's settled cost plus the reservations of the calls in flight. */
    public BigDecimal reserved(LocalDate day) {
        return jdbc.query("SELECT reserved_usd FROM llm_daily_spend WHERE day = ?",
                (rs, n) -> rs.getBigDecimal(1), Date.valueOf(day)).stream().findFirst().orElse(BigDecimal.ZERO);
    }
}
