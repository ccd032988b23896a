package com.aperilex.flow.parsing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A filing's document read once: its exact figures and its sections in the order the segmenter gave them (empty
 * for forms not segmented).
 */
public record ParsedFiling(FilingFacts facts, Map<String, FilingSection> sections) {
    public ParsedFiling {
        sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }
}
