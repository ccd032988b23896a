package com.aperilex.flow.domain;

/** The tier rule a request broke (403 outside-tier-access's {@code rule} member). */
public enum TierRule {
    /** The company is outside the tier's universe. */
    UNIVERSE("universe"),
    /** The form type is not one the tier may ask for. */
    FORM_TYPE("form-type"),
    /** The filing is older than the tier's history window. */
    HISTORY("history"),
    /** The tier may not make bulk imports (max-import-filings 0). */
    BULK_IMPORT("bulk-import");

    private final String wireName;

    TierRule(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
