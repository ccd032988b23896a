package com.aperilex.flow.llm;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/** What a model costs, in US dollars per million tokens; the estimate recorded with each analysis. */
public record ModelPrice(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public ModelPrice {
        Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        Objects.requireNonNull(outputPerMillion, "outputPerMillion");
    }

    public BigDecimal cost(long inputTokens, long outputTokens) {
        return inputPerMillion.multiply(BigDecimal.valueOf(inputTokens))
                .add(outputPerMillion.multiply(BigDecimal.valueOf(outputTokens)))
                .divide(MILLION, 6, RoundingMode.HALF_UP);
    }
}
