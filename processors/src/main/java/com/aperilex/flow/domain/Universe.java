package com.aperilex.flow.domain;

/** The companies a tier may ask about: a list of CIKs (and tickers) shipped as data, or every company. */
public enum Universe {
    /** The S&P 500 constituents (data/universe/sp500.csv unless configured otherwise). */
    SP500,
    /** The Russell 1000; an empty list (the shipped default) means not restricted yet. */
    RUSSELL1000,
    /** Every company EDGAR knows. */
    ALL
}
