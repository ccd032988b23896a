package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.TierPolicy;
import com.aperilex.flow.domain.TransactionType;
import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.domain.UserTier;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code users} rows: one per identity-provider subject, made the first time the subject calls. Every
 * authenticated request needs its user id, so the last known (subject, email) pairs are kept in memory and a
 * request whose pair is known costs no database call; a changed email is written through. A new row starts at
 * aperilex.accounts.default-tier with that tier's monthly credits granted (a MONTHLY_CREDIT ledger row) in the
 * same transaction, and its next monthly credits due a month after its creation (UTC).
 */
@Repository
public class Users {
    /** Beyond this many subjects the cache starts over: it is a shortcut, not a registry. */
    private static final int MAX_CACHED = 10_000;
    /**
     * How long a remembered pair is trusted: an erasure on another replica (PersonalDataErasure forgets the pair
     * on its own) is seen here within this time.
     */
    static final java.time.Duration CACHE_TTL = java.time.Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final AperilexProperties properties;
    private final Clock clock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    private record Known(UserId id, Email email, java.time.Instant at) {
    }

    public Users(JdbcTemplate jdbc, AperilexProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The user id of {@code subject}, its row made now if it has none. Concurrent first calls of one subject
     * meet on the unique subject (INSERT .. ON CONFLICT): all get the same id, and only the one that inserted
     * the row grants the new user's credits.
     *
     * @param email the email the subject has now, or null when unknown (a known email is then kept)
     */
    public UserId resolve(String subject, Email email) {
        Objects.requireNonNull(subject, "subject");
        Known cached = known.get(subject);
        java.time.Instant now = clock.instant();
        if (cached != null && cached.at().plus(CACHE_TTL).isAfter(now) && (email == null || email.equals(cached.email()))) {
            return cached.id();
        }
        UserTier tier = properties.accounts().defaultTier();
        TierPolicy policy = properties.tiers().policy(tier);
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        // One statement, so the row and its first credits are made together or not at all: a new row starts with
        // its tier's monthly credits as its balance and the MONTHLY_CREDIT row that sums to it. xmax = 0 only on
        // the row version this statement inserted, so a concurrent first call that met the row (the conflict's
        // update) grants nothing.
        UUID id = jdbc.queryForObject("""
                WITH upsert AS (
                    INSERT INTO users (id, subject, email, tier, balance_usd, credits_reset_on)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (subject) DO UPDATE SET email = COALESCE(EXCLUDED.email, users.email)
                    RETURNING id, (xmax = 0) AS inserted, balance_usd)
                , granted AS (
                    INSERT INTO usage_transactions (user_id, type, amount_usd, balance_after_usd, description)
                    SELECT id, ?::varchar, balance_usd, balance_usd, ?::text FROM upsert WHERE inserted AND balance_usd > 0
                    RETURNING 1)
                SELECT id FROM upsert
                """, UUID.class, UUID.randomUUID(), subject, email == null ? null : email.value(), tier.name(),
                policy.monthlyCreditsUsd(), Date.valueOf(today.plusMonths(1)), TransactionType.MONTHLY_CREDIT.name(),
                "monthly credits of tier " + tier + " (granted at creation)");
        UserId userId = new UserId(id);
        if (known.size() >= MAX_CACHED) {
            known.clear();
        }
        known.put(subject, new Known(userId, email == null && cached != null ? cached.email() : email, now));
        return userId;
    }

    /** Forgets what this replica remembers of the user (their row's subject or email changed: an erasure). */
    public void forget(UserId user) {
        known.values().removeIf(k -> k.id().equals(user));
    }
}
