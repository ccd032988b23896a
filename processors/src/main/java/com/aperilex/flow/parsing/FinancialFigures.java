package com.aperilex.flow.parsing;

import java.math.BigDecimal;

/**
 * The key figures of one fiscal period, in full units (391035000000, not 391,035 millions). A figure
 * the filing does not tag is null.
 */
public record FinancialFigures(
        BigDecimal revenue,
        BigDecimal netIncome,
        BigDecimal epsBasic,
        BigDecimal epsDiluted,
        BigDecimal totalAssets,
        BigDecimal totalLiabilities,
        BigDecimal stockholdersEquity,
        BigDecimal cash,
        BigDecimal operatingCashFlow) {
}
