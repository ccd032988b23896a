package com.aperilex.flow.domain;

/** What an audit_log row records. */
public enum AuditAction {
    /** A caller asked for an analysis: resource task:&lt;id&gt; (admitted or joined) or analysis:&lt;id&gt; (pooled). */
    ANALYSIS_SUBMITTED,
    /** A caller read an analysis document: resource analysis:&lt;id&gt;. */
    ANALYSIS_READ,
    /** An administrator read a user's account: resource user:&lt;id&gt;. */
    USER_ACCOUNT_READ,
    /** An administrator changed a user's tier: resource user:&lt;id&gt;, details from, to, reason. */
    USER_TIER_CHANGED,
    /** An administrator granted credits: resource user:&lt;id&gt;, details amountUsd, reason, transactionId. */
    CREDITS_GRANTED,
    /** An administrator erased a user's personal data: resource user:&lt;id&gt;. */
    USER_ERASED,
    /** An administrator read the audit log: resource audit, details the query. */
    AUDIT_READ,
    /** A caller asked for a bulk import: resource import:&lt;id&gt; (made or joined), details companies, forms, dates. */
    IMPORT_SUBMITTED,
    /** A caller cancelled a bulk import: resource import:&lt;id&gt;, details the tasks cancelled. */
    IMPORT_CANCELLED
}
