package com.aperilex.flow.domain;

import java.math.BigDecimal;

/**
 * The caller's balance does not cover the fees a request can incur: answered 402 {@code insufficient-credits},
 * with the balance and the price; nothing was recorded.
 */
public class InsufficientCreditsException extends RuntimeException {
    private final BigDecimal balanceUsd;
    private final BigDecimal priceUsd;

    public InsufficientCreditsException(BigDecimal balanceUsd, BigDecimal priceUsd) {
        super("This request costs up to " + priceUsd.toPlainString() + " USD; the balance is "
                + balanceUsd.toPlainString() + " USD.");
        this.balanceUsd = balanceUsd;
        this.priceUsd = priceUsd;
    }

    public BigDecimal balanceUsd() {
        return balanceUsd;
    }

    public BigDecimal priceUsd() {
        return priceUsd;
    }
}
