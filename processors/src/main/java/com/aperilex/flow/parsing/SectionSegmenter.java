package com.aperilex.flow.parsing;

import java.util.Map;
import org.jsoup.nodes.Document;

/**
 * Locates the sections of one kind of filing (a 10-K's items, a 10-Q's parts and items, an 8-K's items ...) in its
 * parsed primary document.
 */
public interface SectionSegmenter {
    /**
     * The sections found, in document order, keyed as the form numbers them (10-K {@code "1A"}, 10-Q
     * {@code "II-1A"}, 8-K {@code "2.02"}); empty when none is found. Keys are safe as storage key segments.
     */
    Map<String, FilingSection> segment(Document document);
}
