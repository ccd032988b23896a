package com.aperilex.flow.parsing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;

/**
 * Splits a 10-Q into its items: Part I Items 1 (financial statements), 2 (MD&A), 3, 4 and Part II Items
 * 1, 1A, 2, 3, 4, 5, 6, keyed with their part ("I-1", "II-1A") so Part I Item 1 and Part II Item 1 never
 * collide. The document is flattened once into lines; "PART I"/"PART II" lines set the part of the item
 * headings that follow (a heading's own title, "Legal Proceedings" say, overrides it when it names an
 * item unambiguously); the table of contents and cross-references are told apart from real headings,
 * and the headings kept are the longest run in the form's own order.
 */
public final class TenQItemSegmenter implements SectionSegmenter {
    /** The form's items in order. */
    public static final List<String> ITEMS = List.of("I-1", "I-2", "I-3", "I-4", "II-1", "II-1A", "II-2", "II-3",
            "II-4", "II-5", "II-6");
    private static final Map<String, Integer> ORDER = new HashMap<>();

    static {
        for (int i = 0; i < ITEMS.size(); i++) {
            ORDER.put(ITEMS.get(i), i);
        }
    }

    /** "Item 1A.", "ITEM 2 -", "Items 3 and 4.", "Part II, Item 1." at the start of a line. */
    private static final Pattern HEADING = Pattern.compile(
            "^(?:part\\s+(ii|i)\\s*[,.:\\-–—]?\\s*)?items?\\s+(\\d{1,2}[a-c]?)"
                    + "(?:\\s*(?:,|and|&)\\s*(\\d{1,2}[a-c]?))?\\s*([.:\\-–—]|$|\\s+\\S)",
            Pattern.CASE_INSENSITIVE);
    /** "PART I", "PART II — OTHER INFORMATION", "Part I. Financial Information" as a line of its own. */
    private static final Pattern PART_LINE = Pattern.compile(
            "^(?i:part)\\s+(?i:(ii|i))(?![A-Za-z])\\s*[.:,\\-–—]?\\s*(?:[A-Z][^\\n]{0,60})?$");
    /** "Part I, Item 1 of this Form 10-Q ..." names an item: a cross-reference, never a part heading. */
    private static final Pattern NAMES_ITEM = Pattern.compile("\\bitems?\\s+\\d", Pattern.CASE_INSENSITIVE);
    private static final Pattern SIGNATURES = Pattern.compile("^signatures?\\s*$", Pattern.CASE_INSENSITIVE);
    /** Titles that name one item of one part whatever part heading came before. */
    private static final List<Map.Entry<Pattern, String>> TITLES = List.of(
            Map.entry(title("(?:(?:condensed|consolidated|unaudited|interim)\\s+)*financial\\s+statements"), "I-1"),
            Map.entry(title("management.{0,3}s\\s+discussion"), "I-2"),
            Map.entry(title("quantitative\\s+and\\s+qualitative"), "I-3"),
            Map.entry(title("controls\\s+and\\s+procedures"), "I-4"),
            Map.entry(title("legal\\s+proceedings"), "II-1"),
            Map.entry(title("risk\\s+factors"), "II-1A"),
            Map.entry(title("unregistered\\s+sales"), "II-2"),
            Map.entry(title("defaults\\s+upon"), "II-3"),
            Map.entry(title("mine\\s+safety"), "II-4"),
            Map.entry(title("other\\s+information"), "II-5"),
            Map.entry(title("exhibits"), "II-6"));
    private static final int MAX_HEADING_LINE = 400;
    /** Headings closer together than this, several in a row, are a table of contents. */
    private static final int TOC_GAP_CHARS = 80;
    private static final int TOC_RUN = 4;
    private static final int TOC_TABLE_HEADINGS = 3;

    private static Pattern title(String regex) {
        return Pattern.compile("^[\\W_]*" + regex, Pattern.CASE_INSENSITIVE);
    }

    private record Heading(int line, List<String> keys, String title) {
        int first() {
            return ORDER.get(keys.get(0));
        }

        int last() {
            return ORDER.get(keys.get(keys.size() - 1));
        }
    }

    /** The document's items in form order; items the document does not have are absent. */
    public Map<String, FilingSection> segment(Document document) {
        TenQLines lines = new TenQLines(document);
        return sections(chosen(lines), lines);
    }

    /**
     * Where each found item starts and ends in the HTML source (character offsets), when the document
     * was parsed with position tracking; a measure comparable with tools that count an item's HTML.
     */
    Map<String, int[]> sourceSpans(Document document, int sourceLength) {
        TenQLines lines = new TenQLines(document);
        List<Heading> chosen = chosen(lines);
        Map<String, int[]> spans = new LinkedHashMap<>();
        for (int i = 0; i < chosen.size(); i++) {
            Heading heading = chosen.get(i);
            int start = lines.lines.get(heading.line()).sourceStart();
            int end = i + 1 < chosen.size() ? lines.lines.get(chosen.get(i + 1).line()).sourceStart() : sourceLength;
            for (String key : heading.keys()) {
                spans.put(key, new int[] {start, end});
            }
        }
        return spans;
    }

    private static List<Heading> chosen(TenQLines lines) {
        List<Heading> candidates = new ArrayList<>();
        String part = null;
        for (int i = 0; i < lines.lines.size(); i++) {
            TenQLines.Line line = lines.lines.get(i);
            if (line.end() - line.start() > MAX_HEADING_LINE) {
                continue;
            }
            String content = lines.line(i);
            Matcher partLine = PART_LINE.matcher(content);
            if (partLine.matches() && !NAMES_ITEM.matcher(content).find()) {
                part = partLine.group(1).toUpperCase(Locale.ROOT);
                continue;
            }
            Heading heading = heading(content, i, part);
            if (heading != null) {
                candidates.add(heading);
                Matcher own = HEADING.matcher(content);
                if (own.find() && own.group(1) != null) {
                    // "PART II — ITEM 1. LEGAL PROCEEDINGS": the heading opens its part.
                    part = own.group(1).toUpperCase(Locale.ROOT);
                }
            }
        }
        return longestInFormOrder(withoutTableOfContents(candidates, lines.lines));
    }

    private static Heading heading(String content, int index, String currentPart) {
        Matcher m = HEADING.matcher(content);
        if (!m.find()) {
            return null;
        }
        String separator = m.group(4);
        // "Item 2 of this report ..." is a sentence, not a heading: a title after a bare space is capitalised.
        if (separator.length() > 1 && !Character.isUpperCase(separator.charAt(separator.length() - 1))
                && separator.charAt(separator.length() - 1) != '[') {
            return null;
        }
        int titleStart = separator.length() > 1 ? m.end() - 1 : m.end();
        String title = content.substring(titleStart).strip().replaceAll("\\s*\\d+$", "").strip();
        String ownPart = m.group(1) != null ? m.group(1).toUpperCase(Locale.ROOT) : null;
        List<String> keys = new ArrayList<>();
        for (String label : new String[] {m.group(2), m.group(3)}) {
            if (label == null) {
                continue;
            }
            String item = label.toUpperCase(Locale.ROOT).replaceFirst("^0", "");
            String key = key(item, keys.isEmpty() ? title : "", ownPart, currentPart);
            if (key == null) {
                return null;
            }
            keys.add(key);
        }
        if (keys.size() == 2 && ORDER.get(keys.get(1)) <= ORDER.get(keys.get(0))) {
            return null;
        }
        return new Heading(index, keys, title);
    }

    /**
     * The item's key: the part the heading itself names, else the one its title names when that title
     * belongs to an item of this number, else the part heading last seen, else the only part that has
     * such an item; null for numbers the form does not have.
     */
    private static String key(String item, String title, String ownPart, String currentPart) {
        if (ownPart != null) {
            return ORDER.containsKey(ownPart + "-" + item) ? ownPart + "-" + item : null;
        }
        for (Map.Entry<Pattern, String> entry : TITLES) {
            if (entry.getKey().matcher(title).find() && entry.getValue().endsWith("-" + item)) {
                return entry.getValue();
            }
        }
        if (currentPart != null && ORDER.containsKey(currentPart + "-" + item)) {
            return currentPart + "-" + item;
        }
        if (ORDER.containsKey("I-" + item)) {
            return "I-" + item;
        }
        return ORDER.containsKey("II-" + item) ? "II-" + item : null;
    }

    /**
     * Drops table-of-contents entries: lines linking inside the document, headings sharing a table
     * with several others, and runs of headings with next to no text between them.
     */
    private static List<Heading> withoutTableOfContents(List<Heading> candidates, List<TenQLines.Line> lines) {
        Map<Integer, Integer> perTable = new HashMap<>();
        for (Heading h : candidates) {
            int table = lines.get(h.line()).table();
            if (table != 0) {
                perTable.merge(table, 1, Integer::sum);
            }
        }
        boolean[] toc = new boolean[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            TenQLines.Line line = lines.get(candidates.get(i).line());
            toc[i] = line.inInternalLink() || (line.table() != 0 && perTable.get(line.table()) >= TOC_TABLE_HEADINGS);
        }
        int runStart = 0;
        for (int i = 1; i <= candidates.size(); i++) {
            boolean close = i < candidates.size()
                    && lines.get(candidates.get(i).line()).start() - lines.get(candidates.get(i - 1).line()).end()
                            < TOC_GAP_CHARS;
            if (!close) {
                if (i - runStart >= TOC_RUN) {
                    // A contents entry is repeated by the real heading further on; a run of genuinely
                    // short items (Part II's "None." items) is not.
                    for (int j = runStart; j < i; j++) {
                        toc[j] = toc[j] || repeatedAfter(candidates, j, i);
                    }
                }
                runStart = i;
            }
        }
        List<Heading> kept = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (!toc[i]) {
                kept.add(candidates.get(i));
            }
        }
        return kept;
    }

    private static boolean repeatedAfter(List<Heading> candidates, int index, int from) {
        String key = candidates.get(index).keys().get(0);
        for (int k = from; k < candidates.size(); k++) {
            if (candidates.get(k).keys().get(0).equals(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The largest set of headings in the form's order (longest increasing run by item order); among
     * equally long ones the later headings win, since a leftover table of contents comes first.
     */
    private static List<Heading> longestInFormOrder(List<Heading> headings) {
        int n = headings.size();
        int[] best = new int[n];
        int[] previous = new int[n];
        int end = -1;
        for (int i = 0; i < n; i++) {
            best[i] = 1;
            previous[i] = -1;
            for (int j = 0; j < i; j++) {
                if (headings.get(j).last() < headings.get(i).first() && best[j] + 1 >= best[i]) {
                    best[i] = best[j] + 1;
                    previous[i] = j;
                }
            }
            if (end < 0 || best[i] >= best[end]) {
                end = i;
            }
        }
        List<Heading> chosen = new ArrayList<>();
        for (int i = end; i >= 0; i = previous[i]) {
            chosen.add(0, headings.get(i));
        }
        return chosen;
    }

    private static Map<String, FilingSection> sections(List<Heading> chosen, TenQLines lines) {
        Map<String, FilingSection> sections = new LinkedHashMap<>();
        int count = lines.lines.size();
        for (int i = 0; i < chosen.size(); i++) {
            Heading heading = chosen.get(i);
            int start = lines.lines.get(heading.line()).start();
            String title = heading.title();
            // "ITEM 1." in one table cell, "LEGAL PROCEEDINGS" in the next block: take that line.
            if (title.isEmpty() && heading.line() + 1 < count) {
                String next = lines.line(heading.line() + 1).strip();
                if (next.length() <= 200 && !HEADING.matcher(next).find()) {
                    title = next;
                }
            }
            int endLine = i + 1 < chosen.size() ? chosen.get(i + 1).line() : signaturesOrEnd(heading.line(), lines);
            // A "PART II" line just before the next heading belongs to neither item.
            while (endLine - 1 > heading.line() && isPartLine(lines.line(endLine - 1))) {
                endLine--;
            }
            int end = endLine < count ? lines.lines.get(endLine - 1).end() : lines.text.length();
            String body = lines.text.substring(start, Math.max(start, end)).strip();
            for (String key : heading.keys()) {
                sections.put(key, new FilingSection(key, title, body));
            }
        }
        return sections;
    }

    private static boolean isPartLine(String line) {
        return PART_LINE.matcher(line).matches() && !NAMES_ITEM.matcher(line).find();
    }

    private static int signaturesOrEnd(int from, TenQLines lines) {
        for (int i = from + 1; i < lines.lines.size(); i++) {
            if (SIGNATURES.matcher(lines.line(i)).matches()) {
                return i;
            }
        }
        return lines.lines.size();
    }
}
