package com.aperilex.flow.domain;

/**
 * The kinds of row in the ledger ({@code usage_transactions.type}). Debits are negative amounts, credits
 * positive; a user's balance is the sum of their rows' amounts at every moment.
 */
public enum TransactionType {
    /** The filing access fee, once per user and filing (negative). */
    FILING_ACCESS,
    /** The analysis fee, captured only from the task whose run made the analysis (negative). */
    ANALYSIS,
    /** A bulk import's fee (negative). */
    BULK_IMPORT,
    /** Credits an administrator granted (positive). */
    CREDIT_GRANT,
    /** The tier's monthly credits, granted at creation and on each reset date (positive). */
    MONTHLY_CREDIT,
    /** Credits given back, e.g. for a charge made in error (positive). */
    REFUND,
    /** A task's possible fees held at intake (negative); released when the task ends. */
    RESERVATION,
    /** A reservation given back when its task ends (positive): the fees due are then captured on their own. */
    RELEASE
}
