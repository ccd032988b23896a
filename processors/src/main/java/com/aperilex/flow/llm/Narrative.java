package com.aperilex.flow.llm;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * The model's reading of a filing, in the shape the analysis schema demands. Figures never come from
 * here: they are read from the filing's XBRL.
 */
public record Narrative(String summary, List<KeyRisk> keyRisks, List<String> mdaHighlights, String outlook) {

    public enum Severity {
        LOW, MEDIUM, HIGH;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record KeyRisk(String title, Severity severity, String description) {
    }

    public Narrative {
        keyRisks = List.copyOf(keyRisks);
        mdaHighlights = List.copyOf(mdaHighlights);
    }
}
