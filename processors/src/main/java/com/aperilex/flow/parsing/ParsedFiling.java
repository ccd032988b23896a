package com.aperilex.flow.parsing;

import java.util.Map;

/** A filing's document read once: its exact figures and its items (empty for forms not segmented). */
public record ParsedFiling(FilingFacts facts, Map<String, TenKSection> sections) {
    public ParsedFiling {
        sections = Map.copyOf(sections);
    }
}
