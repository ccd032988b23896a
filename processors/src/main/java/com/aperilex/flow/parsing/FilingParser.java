package com.aperilex.flow.parsing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import com.aperilex.flow.domain.FormType;
import java.util.EnumMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Reads a filing's primary document: one jsoup parse (charset from the document's own meta tag or BOM,
 * as legacy filings declare it), then the XBRL figures and the sections of its form, where a segmenter for the
 * form exists.
 */
public final class FilingParser {
    private final TenKItemSegmenter tenK = new TenKItemSegmenter();
    private final EightKItemSegmenter eightK = new EightKItemSegmenter();
    private final Map<FormType, SectionSegmenter> segmenters;
    private final InlineXbrlFacts facts = new InlineXbrlFacts();

    public FilingParser() {
        Map<FormType, SectionSegmenter> byForm = new EnumMap<>(FormType.class);
        byForm.put(FormType.TEN_K, tenK);
        byForm.put(FormType.TEN_K_AMENDED, tenK);
        byForm.put(FormType.TEN_Q, new TenQItemSegmenter());
        byForm.put(FormType.EIGHT_K, eightK);
        byForm.put(FormType.TWENTY_F, new TwentyFItemSegmenter());
        ProxyAndProspectusSegmenter headings = new ProxyAndProspectusSegmenter();
        byForm.put(FormType.DEF_14A, headings);
        byForm.put(FormType.S_1, headings);
        this.segmenters = byForm;
    }

    /** The document of a filing of {@code form}: its figures, and its sections where the form has a segmenter. */
    public ParsedFiling parse(byte[] document, FormType form) {
        SectionSegmenter segmenter = segmenters.get(form);
        Document parsed = read(document);
        FilingFacts figures = facts.extract(parsed);
        return new ParsedFiling(figures, segmenter == null ? Map.of() : segmenter.segment(parsed));
    }

    /**
     * The document and its exhibits: the exhibits (an 8-K's EX-99.x press releases, by type in exhibit order)
     * follow the document's own sections, each one section under its type ("EX-99.1"), titled by its headline.
     */
    public ParsedFiling parse(byte[] document, FormType form, Map<String, byte[]> exhibits) {
        ParsedFiling primary = parse(document, form);
        if (exhibits.isEmpty()) {
            return primary;
        }
        Map<String, FilingSection> sections = new java.util.LinkedHashMap<>(primary.sections());
        exhibits.forEach((type, content) -> eightK.segmentExhibit(read(content), type).forEach(sections::putIfAbsent));
        return new ParsedFiling(primary.facts(), sections);
    }

    /** @param segmentItems whether the document is a 10-K whose items should be located */
    public ParsedFiling parse(byte[] document, boolean segmentItems) {
        return parse(document, segmentItems ? FormType.TEN_K : null);
    }

    private static Document read(byte[] document) {
        try {
            return Jsoup.parse(new ByteArrayInputStream(document), null, "");
        } catch (IOException e) {
            throw new UncheckedIOException("reading a document held in memory cannot fail", e);
        }
    }
}
