package com.aperilex.flow.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The bulk import price and cap of a tier: the plan's $5 per 100 (BASIC) and $20 per 1,000 (PROFESSIONAL), exact. */
class TierPolicyTest {
    private static TierPolicy policy(String per100, Integer maxImport) {
        return new TierPolicy(UserTier.BASIC, null, null, null, null, Universe.ALL, null, BigDecimal.ZERO,
                BigDecimal.ZERO, new BigDecimal(per100), maxImport, BigDecimal.ZERO, 4);
    }

    @Test
    void theBulkFeeIsThePricePer100ProRataToTheCent() {
        TierPolicy basic = policy("5", 1000);
        assertThat(basic.bulkImportFeeUsd(100)).isEqualByComparingTo("5");
        assertThat(basic.bulkImportFeeUsd(7)).isEqualByComparingTo("0.35");
        assertThat(basic.bulkImportFeeUsd(0)).isEqualByComparingTo("0");
        TierPolicy professional = policy("2", 10000);
        assertThat(professional.bulkImportFeeUsd(1000)).isEqualByComparingTo("20");
        assertThat(professional.bulkImportFeeUsd(1)).isEqualByComparingTo("0.02");
        assertThat(policy("3.33", null).bulkImportFeeUsd(1)).isEqualByComparingTo("0.0333");
        assertThat(policy("0.00005", null).bulkImportFeeUsd(1)).as("rounded half up at 4 decimals").isEqualByComparingTo("0");
        assertThatThrownBy(() -> basic.bulkImportFeeUsd(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theImportCapHoldsAndZeroMeansNoImports() {
        assertThat(policy("5", 1000).allowsImportOf(1000)).isTrue();
        assertThat(policy("5", 1000).allowsImportOf(1001)).isFalse();
        assertThat(policy("0", 0).allowsImportOf(1)).isFalse();
        assertThat(policy("0", null).allowsImportOf(1_000_000)).isTrue();
        assertThatThrownBy(() -> policy("5", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
