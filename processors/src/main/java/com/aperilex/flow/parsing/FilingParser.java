package com.aperilex.flow.parsing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Reads a filing's primary document: one jsoup parse (charset from the document's own meta tag or BOM,
 * as legacy filings declare it), then the XBRL figures and, for 10-K forms, the item segmentation.
 */
public final class FilingParser {
    private final TenKItemSegmenter segmenter = new TenKItemSegmenter();
    private final InlineXbrlFacts facts = new InlineXbrlFacts();

    /** @param segmentItems whether the document is a 10-K whose items should be located */
    public ParsedFiling parse(byte[] document, boolean segmentItems) {
        Document parsed;
        try {
            parsed = Jsoup.parse(new ByteArrayInputStream(document), null, "");
        } catch (IOException e) {
            throw new UncheckedIOException("reading a document held in memory cannot fail", e);
        }
        FilingFacts figures = facts.extract(parsed);
        Map<String, TenKSection> sections = segmentItems ? segmenter.segment(parsed) : Map.of();
        return new ParsedFiling(figures, sections);
    }
}
