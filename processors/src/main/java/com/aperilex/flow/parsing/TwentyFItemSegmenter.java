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
 * Splits a 20-F into its items 1 to 19 (with 4A and 16A ... 16K as the form names them). Headings are
 * lines starting "Item N"; the table of contents (internal links, a table of several headings, a run of
 * headings with next to no text between them that the body repeats) and cross-references (an "Item N"
 * inside a sentence, or followed by a lower-case word) are not headings; the headings kept are the
 * longest run in the form's order.
 *
 * <p>Sub-items: a 20-F item is made of lettered parts ("3. D. Risk Factors"). Each item keeps its whole
 * text, sub-items included; in addition, when the item has its own lettered headings, in order from A
 * ("A. Selected Financial Data", "B. ...", or "3.D Risk Factors"), each is also returned under the key
 * "N.X" (e.g. "3.D"), right after its item, from its heading to the next sub-item or the item's end.
 * Item 16's parts are items of their own ("16A", written "16A", "16.A." or "16. A."), not sub-items.
 * A sub-item without a letter (AEGON 2000's "Risk factors") has no key of its own.
 */
public final class TwentyFItemSegmenter implements SectionSegmenter {
    /** The form's items in order. */
    public static final List<String> ITEMS = List.of("1", "2", "3", "4", "4A", "5", "6", "7", "8", "9", "10", "11",
            "12", "13", "14", "15", "16", "16A", "16B", "16C", "16D", "16E", "16F", "16G", "16H", "16I", "16J", "16K",
            "17", "18", "19");
    private static final Map<String, Integer> ORDER = new HashMap<>();

    static {
        for (int i = 0; i < ITEMS.size(); i++) {
            ORDER.put(ITEMS.get(i), i);
        }
    }

    /**
     * "Item 3.", "ITEM 4A.", "ITEM 16.A.", "Item 16. A.", "Items 17 and 18", "ITEM 19 EXHIBITS" at a
     * line's start. Group 1 number, 2 a dotted letter, 3 a joined letter, 4 a second item.
     */
    private static final Pattern HEADING = Pattern.compile(
            "^(?:part\\s+[ivx]+\\s*[,.:\\-–—]?\\s*)?items?\\s+(\\d{1,2})(?:\\s*\\.\\s*([a-k])(?![a-z])|([a-k])(?![a-z]))?"
                    + "(?:\\s*(?:,|and|&|through|to|-|–)\\s*(\\d{1,2}[a-k]?)(?![a-z]))?\\s*([.:\\-–—]|$|\\s+\\S)",
            Pattern.CASE_INSENSITIVE);
    /**
     * A lettered sub-item heading: "D. Risk Factors", "D - Risk Factors", "3.D. Risk Factors", "Item 3.D: ...". A letter
     * without punctuation is not one: "A Note on Forward-Looking Statements" is a sentence's article.
     */
    private static final Pattern SUB_ITEM = Pattern.compile(
            "^(?:(?:item\\s+)?(\\d{1,2})\\s*\\.\\s*)?([A-J])\\s*[.:)\\-–—]\\s*(\\p{Lu}.*)$");
    private static final Pattern PART_LINE = Pattern.compile("^part\\s+[ivx]+\\b.{0,80}$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SIGNATURES = Pattern.compile("^signatures?\\s*$", Pattern.CASE_INSENSITIVE);
    private static final int MAX_HEADING_LINE = 400;
    private static final int MAX_SUB_ITEM_LINE = 160;
    private static final int TOC_GAP_CHARS = 80;
    private static final int TOC_RUN = 4;
    private static final int TOC_TABLE_HEADINGS = 3;

    private record Heading(int line, List<String> items, String title) {
        int first() {
            return ORDER.get(items.get(0));
        }

        int last() {
            return ORDER.get(items.get(items.size() - 1));
        }
    }

    /** The document's items (and lettered sub-items) in document order; absent ones are absent. */
    public Map<String, FilingSection> segment(Document document) {
        ForeignFilingLines flat = new ForeignFilingLines(document);
        List<Heading> candidates = new ArrayList<>();
        for (int i = 0; i < flat.lines.size(); i++) {
            Heading heading = heading(flat, i);
            if (heading != null) {
                candidates.add(heading);
            }
        }
        return sections(longestInFormOrder(withoutTableOfContents(candidates, flat)), flat);
    }

    private static Heading heading(ForeignFilingLines flat, int index) {
        ForeignFilingLines.Line line = flat.lines.get(index);
        if (line.end() - line.start() > MAX_HEADING_LINE) {
            return null;
        }
        String content = flat.line(index);
        Matcher m = HEADING.matcher(content);
        if (!m.find()) {
            return null;
        }
        String separator = m.group(5);
        char last = separator.isEmpty() ? '.' : separator.charAt(separator.length() - 1);
        // "Item 5 of this report" is a sentence; "Item 18 (a)" a reference to a part of it.
        if (separator.length() > 1 && !Character.isUpperCase(last) && last != '[' && last != '"' && last != '“') {
            return null;
        }
        String number = m.group(1).replaceFirst("^0", "");
        String item;
        if (m.group(2) != null) {
            // "Item 16.A." is item 16A; "Item 3.D" is a sub-item of 3, found inside item 3 instead.
            if (!number.equals("16")) {
                return null;
            }
            item = "16" + m.group(2).toUpperCase(Locale.ROOT);
        } else {
            item = number + (m.group(3) == null ? "" : m.group(3).toUpperCase(Locale.ROOT));
        }
        List<String> items = new ArrayList<>();
        if (!ORDER.containsKey(item)) {
            return null;
        }
        items.add(item);
        if (m.group(4) != null) {
            String second = m.group(4).toUpperCase(Locale.ROOT).replaceFirst("^0", "");
            if (!ORDER.containsKey(second) || ORDER.get(second) <= ORDER.get(item)) {
                return null;
            }
            items.add(second);
        }
        int titleStart = separator.length() > 1 ? m.end() - 1 : m.end();
        String title = content.substring(titleStart).strip().replaceAll("\\s*\\d+$", "").strip();
        // "Item 16.B. Item 16.B. Code of Ethics." repeats itself; "Item 16.H. H. Mine Safety" its letter.
        Matcher repeat = HEADING.matcher(title);
        if (repeat.find()) {
            title = title.substring(repeat.group(5).length() > 1 ? repeat.end() - 1 : repeat.end()).strip();
        }
        if (item.length() > 1 && Character.isLetter(item.charAt(item.length() - 1))) {
            title = title.replaceFirst("^" + item.charAt(item.length() - 1) + "\\.\\s+", "");
        }
        return new Heading(index, items, title);
    }

    private static List<Heading> withoutTableOfContents(List<Heading> candidates, ForeignFilingLines flat) {
        Map<Integer, Integer> perTable = new HashMap<>();
        for (Heading h : candidates) {
            int table = flat.lines.get(h.line()).table();
            if (table != 0) {
                perTable.merge(table, 1, Integer::sum);
            }
        }
        boolean[] toc = new boolean[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            ForeignFilingLines.Line line = flat.lines.get(candidates.get(i).line());
            toc[i] = line.inInternalLink() || (line.table() != 0 && perTable.get(line.table()) >= TOC_TABLE_HEADINGS);
        }
        int runStart = 0;
        for (int i = 1; i <= candidates.size(); i++) {
            boolean close = i < candidates.size()
                    && flat.lines.get(candidates.get(i).line()).start()
                            - flat.lines.get(candidates.get(i - 1).line()).end() < TOC_GAP_CHARS;
            if (!close) {
                if (i - runStart >= TOC_RUN) {
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
        String item = candidates.get(index).items().get(0);
        for (int k = from; k < candidates.size(); k++) {
            if (candidates.get(k).items().get(0).equals(item)) {
                return true;
            }
        }
        return false;
    }

    /** Longest run in form order; among equally long ones the later headings win. */
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

    private static Map<String, FilingSection> sections(List<Heading> chosen, ForeignFilingLines flat) {
        Map<String, FilingSection> sections = new LinkedHashMap<>();
        List<ForeignFilingLines.Line> lines = flat.lines;
        for (int i = 0; i < chosen.size(); i++) {
            Heading heading = chosen.get(i);
            String title = heading.title();
            if (title.isEmpty() && heading.line() + 1 < lines.size()) {
                String next = flat.line(heading.line() + 1).strip();
                if (next.length() <= 200 && !HEADING.matcher(next).find()) {
                    title = next;
                }
            }
            int endLine = i + 1 < chosen.size() ? chosen.get(i + 1).line() : signaturesOrEnd(heading.line(), flat);
            while (endLine - 1 > heading.line() && PART_LINE.matcher(flat.line(endLine - 1)).matches()) {
                endLine--;
            }
            String body = text(flat, heading.line(), endLine);
            for (String item : heading.items()) {
                sections.put(item, new FilingSection(item, title, body));
            }
            if (heading.items().size() == 1 && !heading.items().get(0).startsWith("16")) {
                subItems(heading.items().get(0), heading.line() + 1, endLine, flat, sections);
            }
        }
        return sections;
    }

    /** Lettered sub-items inside one item: from A, each letter after the previous one (gaps allowed). */
    private static void subItems(String item, int from, int to, ForeignFilingLines flat,
            Map<String, FilingSection> sections) {
        List<int[]> found = new ArrayList<>(); // line, letter
        List<String> titles = new ArrayList<>();
        char expected = 'A';
        for (int i = from; i < to; i++) {
            ForeignFilingLines.Line line = flat.lines.get(i);
            if (line.end() - line.start() > MAX_SUB_ITEM_LINE || line.inInternalLink()) {
                continue;
            }
            String content = flat.line(i);
            Matcher m = SUB_ITEM.matcher(content);
            String title;
            char letter;
            if (m.matches() && (m.group(1) == null || m.group(1).replaceFirst("^0", "").equals(item))) {
                letter = m.group(2).charAt(0);
                title = m.group(3);
            } else if (content.length() == 2 && content.charAt(1) == '.' && content.charAt(0) >= expected
                    && content.charAt(0) <= 'J' && i + 1 < to && flat.line(i + 1).length() <= MAX_SUB_ITEM_LINE
                    && Character.isUpperCase(flat.line(i + 1).charAt(0))) {
                // "A." in one cell, "Selected Financial Data" in the next block.
                letter = content.charAt(0);
                title = flat.line(i + 1);
            } else {
                continue;
            }
            // In order from A; a part the filer leaves out ("C." omitted) may be skipped.
            if (letter >= expected && (letter == 'A' || !found.isEmpty())) {
                found.add(new int[] {i, letter});
                titles.add(title.strip().replaceAll("\\s*\\d+$", "").strip());
                expected = (char) (letter + 1);
            }
        }
        for (int k = 0; k < found.size(); k++) {
            int end = k + 1 < found.size() ? found.get(k + 1)[0] : to;
            String key = item + "." + (char) found.get(k)[1];
            sections.put(key, new FilingSection(key, titles.get(k), text(flat, found.get(k)[0], end)));
        }
    }

    private static String text(ForeignFilingLines flat, int fromLine, int toLine) {
        int start = flat.lines.get(fromLine).start();
        int end = toLine < flat.lines.size() ? flat.lines.get(toLine - 1).end() : flat.text.length();
        return flat.text.substring(start, Math.max(start, end)).strip();
    }

    private static int signaturesOrEnd(int from, ForeignFilingLines flat) {
        for (int i = from + 1; i < flat.lines.size(); i++) {
            if (SIGNATURES.matcher(flat.line(i)).matches()) {
                return i;
            }
        }
        return flat.lines.size();
    }
}
