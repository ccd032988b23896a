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
        super("This request costs up to " + dollars(priceUsd) + " USD; the balance is " + dollars(balanceUsd) + " USD.");
        this.balanceUsd = balanceUsd;
        this.priceUsd = priceUsd;
    }

    public BigDecimal balanceUsd() {
        return balanceUsd;
    }

    public BigDecimal priceUsd() {
        return priceUsd;
    }

    /** 0.1200 as 0.12, 5 as 5.00, 0.015 as it is. */
    static String dollars(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return (stripped.scale() < 2 ? stripped.setScale(2) : stripped).toPlainString();
    }
}
