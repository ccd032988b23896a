package com.aperilex.flow.parsing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * Splits a 10-K into its items (1, 1A, 1B, 1C, 2 ... 16). The document is flattened once into lines
 * (one per block element); item headings are lines that start with "Item N"; the table of contents
 * and cross-references are told apart from real headings, and the headings kept are the longest run
 * in the form's own order, so a stray mention cannot reorder the items.
 */
public final class TenKItemSegmenter implements SectionSegmenter {
    /** The form's items in order. */
    public static final List<String> ITEMS = List.of("1", "1A", "1B", "1C", "2", "3", "4", "5", "6", "7", "7A", "8",
            "9", "9A", "9B", "9C", "10", "11", "12", "13", "14", "15", "16");
    private static final Map<String, Integer> ORDER = new HashMap<>();

    static {
        for (int i = 0; i < ITEMS.size(); i++) {
            ORDER.put(ITEMS.get(i), i);
        }
    }

    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5",
            "h6", "table", "section", "article", "ul", "ol", "pre", "blockquote", "center", "hr", "body", "dt", "dd",
            "page");
    /** "Item 1A.", "ITEM 7 -", "Items 1 and 2.", "Item 9B:" at the start of a line. */
    private static final Pattern HEADING = Pattern.compile(
            "^(?:part\\s+[ivx]+\\s*[,.:\\-–—]?\\s*)?items?\\s+(\\d{1,2}[a-c]?)"
                    + "(?:\\s*(?:,|and|&)\\s*(\\d{1,2}[a-c]?))?\\s*([.:\\-–—]|$|\\s+\\S)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PART_LINE = Pattern.compile("^part\\s+[ivx]+\\b.{0,80}$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SIGNATURES = Pattern.compile("^signatures?\\s*$", Pattern.CASE_INSENSITIVE);
    private static final int MAX_HEADING_LINE = 400;
    /** Headings closer together than this, several in a row, are a table of contents. */
    private static final int TOC_GAP_CHARS = 80;
    private static final int TOC_RUN = 4;
    private static final int TOC_TABLE_HEADINGS = 3;

    private record Line(int start, int end, int table, boolean inInternalLink) {
    }

    private record Heading(int line, List<String> items, String title) {
        int first() {
            return ORDER.get(items.get(0));
        }

        int last() {
            return ORDER.get(items.get(items.size() - 1));
        }
    }

    /** The document's items in form order; items the document does not have are absent. */
    public Map<String, FilingSection> segment(Document document) {
        StringBuilder text = new StringBuilder(1 << 16);
        List<Line> lines = flatten(document, text);
        List<Heading> candidates = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Heading heading = heading(text, lines.get(i), i);
            if (heading != null) {
                candidates.add(heading);
            }
        }
        List<Heading> chosen = longestInFormOrder(withoutTableOfContents(candidates, lines));
        return sections(chosen, lines, text);
    }

    private static List<Line> flatten(Document document, StringBuilder text) {
        List<Line> lines = new ArrayList<>();
        Element root = document.body() != null ? document.body() : document;
        int[] tableStack = new int[64];
        int[] state = {0, 0, 0, text.length()}; // table depth, next table id, internal-link depth, line start
        boolean[] lineInLink = {false};
        root.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode textNode) {
                    append(textNode.getWholeText());
                } else if (node instanceof Element element) {
                    String name = element.normalName();
                    if (BLOCKS.contains(name)) {
                        endLine();
                    } else if (name.equals("td") || name.equals("th")) {
                        append(" ");
                    }
                    if (name.equals("table") && state[0] < tableStack.length) {
                        tableStack[state[0]++] = ++state[1];
                    } else if (name.equals("a") && element.attr("href").startsWith("#")) {
                        state[2]++;
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element) {
                    String name = element.normalName();
                    if (BLOCKS.contains(name)) {
                        endLine();
                    }
                    if (name.equals("table") && state[0] > 0) {
                        state[0]--;
                    } else if (name.equals("a") && element.attr("href").startsWith("#") && state[2] > 0) {
                        state[2]--;
                    }
                }
            }

            private void append(String raw) {
                for (int i = 0; i < raw.length(); i++) {
                    char c = raw.charAt(i);
                    boolean space = Character.isWhitespace(c) || c == '\u00a0' || c == '\u200b' || c == '\u2002'
                            || c == '\u2003' || c == '\u2009';
                    int length = text.length();
                    if (space) {
                        if (length > state[3] && text.charAt(length - 1) != ' ') {
                            text.append(' ');
                        }
                    } else {
                        if (length == state[3]) {
                            lineInLink[0] = state[2] > 0;
                        }
                        text.append(c);
                    }
                }
            }

            private void endLine() {
                int end = text.length();
                if (end > state[3] && text.charAt(end - 1) == ' ') {
                    text.setLength(--end);
                }
                if (end > state[3]) {
                    lines.add(new Line(state[3], end, state[0] > 0 ? tableStack[state[0] - 1] : 0, lineInLink[0]));
                    text.append('\n');
                    state[3] = text.length();
                }
            }
        });
        int end = text.length();
        if (end > state[3]) {
            lines.add(new Line(state[3], end, state[0] > 0 ? tableStack[state[0] - 1] : 0, lineInLink[0]));
        }
        return lines;
    }

    private static Heading heading(StringBuilder text, Line line, int index) {
        if (line.end() - line.start() > MAX_HEADING_LINE) {
            return null;
        }
        String content = text.substring(line.start(), line.end());
        Matcher m = HEADING.matcher(content);
        if (!m.find()) {
            return null;
        }
        String separator = m.group(3);
        // "Item 7 of this report ..." is a sentence, not a heading: a title after a bare space is capitalised.
        // "Item 14 (a)(3)" is a sub-item, not a heading of its own.
        if (separator.length() > 1 && !Character.isUpperCase(separator.charAt(separator.length() - 1))
                && separator.charAt(separator.length() - 1) != '[') {
            return null;
        }
        List<String> items = new ArrayList<>();
        for (String label : new String[] {m.group(1), m.group(2)}) {
            if (label != null) {
                String item = label.toUpperCase(Locale.ROOT).replaceFirst("^0", "");
                if (!ORDER.containsKey(item)) {
                    return null;
                }
                items.add(item);
            }
        }
        if (items.size() == 2 && ORDER.get(items.get(1)) <= ORDER.get(items.get(0))) {
            return null;
        }
        int titleStart = separator.length() > 1 ? m.end() - 1 : m.end();
        String title = content.substring(titleStart).strip().replaceAll("\\s*\\d+$", "").strip();
        return new Heading(index, items, title);
    }

    /**
     * Drops table-of-contents entries: lines linking inside the document, headings sharing a table
     * with several others, and runs of headings with next to no text between them.
     */
    private static List<Heading> withoutTableOfContents(List<Heading> candidates, List<Line> lines) {
        Map<Integer, Integer> perTable = new HashMap<>();
        for (Heading h : candidates) {
            int table = lines.get(h.line()).table();
            if (table != 0) {
                perTable.merge(table, 1, Integer::sum);
            }
        }
        boolean[] toc = new boolean[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            Line line = lines.get(candidates.get(i).line());
            toc[i] = line.inInternalLink() || (line.table() != 0 && perTable.get(line.table()) >= TOC_TABLE_HEADINGS);
        }
        int runStart = 0;
        for (int i = 1; i <= candidates.size(); i++) {
            boolean close = i < candidates.size() && gap(candidates.get(i - 1), candidates.get(i), lines) < TOC_GAP_CHARS;
            if (!close) {
                if (i - runStart >= TOC_RUN) {
                    // A contents entry is repeated by the real heading further on; a run of genuinely
                    // short items (Part III by reference, say) is not, and neither is the first real
                    // heading that happens to follow the contents closely.
                    for (int j = runStart; j < i; j++) {
                        toc[j] = repeatedAfter(candidates, j, i);
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

    /** Characters of text between the end of one heading line and the start of the next heading line. */
    private static int gap(Heading a, Heading b, List<Line> lines) {
        return lines.get(b.line()).start() - lines.get(a.line()).end();
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

    private static Map<String, FilingSection> sections(List<Heading> chosen, List<Line> lines, StringBuilder text) {
        Map<String, FilingSection> sections = new LinkedHashMap<>();
        for (int i = 0; i < chosen.size(); i++) {
            Heading heading = chosen.get(i);
            int start = lines.get(heading.line()).start();
            String title = heading.title();
            // "ITEM 1B." in one table cell, "UNRESOLVED STAFF COMMENTS" in the next block: take that line.
            if (title.isEmpty() && heading.line() + 1 < lines.size()) {
                String next = lineText(lines.get(heading.line() + 1), text).strip();
                if (next.length() <= 200 && !HEADING.matcher(next).find()) {
                    title = next;
                }
            }
            int endLine = i + 1 < chosen.size() ? chosen.get(i + 1).line() : signaturesOrEnd(heading.line(), lines, text);
            // A "PART II" line just before the next heading belongs to neither item.
            while (endLine - 1 > heading.line() && PART_LINE.matcher(lineText(lines.get(endLine - 1), text)).matches()) {
                endLine--;
            }
            int end = endLine < lines.size() ? lines.get(endLine - 1).end() : text.length();
            String body = text.substring(start, Math.max(start, end)).strip();
            for (String item : heading.items()) {
                sections.put(item, new FilingSection(item, title, body));
            }
        }
        return sections;
    }

    private static int signaturesOrEnd(int from, List<Line> lines, StringBuilder text) {
        for (int i = from + 1; i < lines.size(); i++) {
            if (SIGNATURES.matcher(lineText(lines.get(i), text)).matches()) {
                return i;
            }
        }
        return lines.size();
    }

    private static String lineText(Line line, StringBuilder text) {
        return text.substring(line.start(), line.end());
    }
}
