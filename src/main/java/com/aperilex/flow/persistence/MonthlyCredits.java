package com.aperilex.flow.persistence;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.UserTier;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The grant-monthly-credits route's step: each user whose {@code credits_reset_on} has come (UTC) gets their
 * tier's monthly-credits-usd as a MONTHLY_CREDIT row and their reset date moved one month on. One statement per
 * batch: the due users are locked {@code FOR UPDATE SKIP LOCKED}, so two replicas running at the same moment
 * grant disjoint users, and a user granted by one is no longer due when the other reads it: exactly once.
 * A user whose reset date is several months behind catches up one month per run.
 */
@Component("monthlyCredits")
public class MonthlyCredits {
    private final JdbcTemplate jdbc;
    private final AperilexProperties properties;
    private final Clock clock;

    public MonthlyCredits(JdbcTemplate jdbc, AperilexProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** Grants the users due today, at most aperilex.accounts.monthly-credit-batch of them; returns how many. */
    public int grantDue() {
        Date today = Date.valueOf(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        List<Object> args = new ArrayList<>();
        StringBuilder amount = new StringBuilder("CASE u.tier");
        for (UserTier tier : UserTier.values()) {
            amount.append(" WHEN ? THEN ?::numeric");
            args.add(tier.name());
            args.add(properties.tiers().policy(tier).monthlyCreditsUsd());
        }
        amount.append(" ELSE 0 END");
        // Placeholders in statement order: the due date, the batch, the SET's amount, the guard's date, the
        // RETURNING's amount.
        List<Object> all = new ArrayList<>();
        all.add(today);
        all.add(properties.accounts().monthlyCreditBatch());
        all.addAll(args);
        all.add(today);
        all.addAll(args);
        Integer granted = jdbc.queryForObject("""
                WITH due AS (
                    SELECT id FROM users WHERE credits_reset_on <= ?
                    ORDER BY credits_reset_on, id LIMIT ? FOR UPDATE SKIP LOCKED)
                , granted AS (
                    -- One month on from the user's anchor day (the day they were made), not from the last reset
                    -- date, so a user made on the 31st is granted on Feb 28 and then on Mar 31 again, not the
                    -- 28th; and never less than a month after the last reset.
                    UPDATE users u SET credits_reset_on = GREATEST(
                                           ((u.created_at AT TIME ZONE 'UTC')::date + make_interval(
                                               months => ((extract(year FROM u.credits_reset_on)
                                                           - extract(year FROM u.created_at AT TIME ZONE 'UTC')) * 12
                                                          + extract(month FROM u.credits_reset_on)
                                                          - extract(month FROM u.created_at AT TIME ZONE 'UTC'))::int
                                                         + 1))::date,
                                           (u.credits_reset_on + interval '1 month')::date),
                                       balance_usd = u.balance_usd + (%1$s)
                    FROM due WHERE u.id = due.id AND u.credits_reset_on <= ?
                    RETURNING u.id, u.tier, (%1$s) AS amount, u.balance_usd)
                , posted AS (
                    INSERT INTO usage_transactions (user_id, type, amount_usd, balance_after_usd, description)
                    SELECT id, 'MONTHLY_CREDIT', amount, balance_usd, 'monthly credits of tier ' || tier
                    FROM granted WHERE amount > 0
                    RETURNING 1)
                SELECT count(*)::int FROM granted
                """.formatted(amount), Integer.class, all.toArray());
        return granted == null ? 0 : granted;
    }
}
