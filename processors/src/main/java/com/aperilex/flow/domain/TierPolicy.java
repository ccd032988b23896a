package com.aperilex.flow.domain;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What one tier allows and charges, as configured under {@code aperilex.tiers.<tier>}. A limit that is absent
 * (null) is unlimited; fees are in US dollars, never negative.
 *
 * @param maxImportFilings the most filings one bulk import may hold (0: the tier imports nothing; null: no limit)
 * @param priority 0 is the highest, 9 the lowest: the lane its tasks are queued in
 */
public record TierPolicy(
        UserTier tier,
        Integer requestsPerHour,
        Integer requestsPerDay,
        Integer concurrentAnalyses,
        Integer maxHistoryYears,
        Universe universe,
        Set<FormType> formTypes,
        BigDecimal filingAccessFeeUsd,
        BigDecimal analysisFeeUsd,
        BigDecimal bulkImportFeeUsdPer100,
        Integer maxImportFilings,
        BigDecimal monthlyCreditsUsd,
        int priority) {

    public TierPolicy {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(universe, "universe");
        formTypes = formTypes == null || formTypes.isEmpty() ? Set.copyOf(EnumSet.allOf(FormType.class)) : Set.copyOf(formTypes);
        filingAccessFeeUsd = nonNegative(filingAccessFeeUsd, "filing-access-fee-usd");
        analysisFeeUsd = nonNegative(analysisFeeUsd, "analysis-fee-usd");
        bulkImportFeeUsdPer100 = nonNegative(bulkImportFeeUsdPer100, "bulk-import-fee-usd-per-100");
        monthlyCreditsUsd = nonNegative(monthlyCreditsUsd, "monthly-credits-usd");
        if (maxImportFilings != null && maxImportFilings < 0) {
            throw new IllegalArgumentException("max-import-filings must not be negative");
        }
        if (priority < 0 || priority > 9) {
            throw new IllegalArgumentException("priority must be 0..9, was " + priority);
        }
    }

    private static BigDecimal nonNegative(BigDecimal value, String name) {
        BigDecimal v = value == null ? BigDecimal.ZERO : value;
        if (v.signum() < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return v;
    }

    public OptionalInt hourlyLimit() {
        return requestsPerHour == null ? OptionalInt.empty() : OptionalInt.of(requestsPerHour);
    }

    public OptionalInt dailyLimit() {
        return requestsPerDay == null ? OptionalInt.empty() : OptionalInt.of(requestsPerDay);
    }

    public OptionalInt openTaskCap() {
        return concurrentAnalyses == null ? OptionalInt.empty() : OptionalInt.of(concurrentAnalyses);
    }

    public OptionalInt historyYears() {
        return maxHistoryYears == null ? OptionalInt.empty() : OptionalInt.of(maxHistoryYears);
    }

    /** Whether the tier may import {@code filings} filings in one bulk import. */
    public boolean allowsImportOf(int filings) {
        return maxImportFilings == null || filings <= maxImportFilings;
    }

    /**
     * The bulk import fee of {@code filings} filings: the price per 100 pro rata, exact to the ledger's 4 decimals
     * (rounded half up once, on the total: $5 per 100 is $0.05 a filing, 7 filings $0.35).
     */
    public BigDecimal bulkImportFeeUsd(int filings) {
        if (filings < 0) {
            throw new IllegalArgumentException("filings must not be negative");
        }
        return bulkImportFeeUsdPer100.multiply(BigDecimal.valueOf(filings))
                .divide(BigDecimal.valueOf(100), 4, java.math.RoundingMode.HALF_UP);
    }

    public boolean allows(FormType form) {
        return formTypes.contains(form);
    }
}
