package com.aperilex.flow.parsing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * A document flattened into plain-text lines, one per block element, whitespace collapsed; each line
 * knows its table (0 outside tables) and whether it opens inside an in-document link (a contents entry).
 * Package-private helper of {@link EightKItemSegmenter}.
 */
final class EightKTextLines {
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5",
            "h6", "table", "section", "article", "ul", "ol", "pre", "blockquote", "center", "hr", "body", "dt", "dd",
            "page");

    record Line(int start, int end, int table, boolean inInternalLink) {
    }

    final StringBuilder text = new StringBuilder(1 << 14);
    final List<Line> lines = new ArrayList<>();

    EightKTextLines(Document document) {
        Element root = document.body() != null ? document.body() : document;
        int[] tables = new int[64];
        int[] state = {0, 0, 0, 0}; // table depth, next table id, internal-link depth, line start
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
                    if (name.equals("table") && state[0] < tables.length) {
                        tables[state[0]++] = ++state[1];
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
                    boolean space = Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200b';
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
                    lines.add(new Line(state[3], end, state[0] > 0 ? tables[state[0] - 1] : 0, lineInLink[0]));
                    text.append('\n');
                    state[3] = text.length();
                }
            }
        });
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == ' ') {
            text.setLength(--end);
        }
        if (end > state[3]) {
            lines.add(new Line(state[3], end, state[0] > 0 ? tables[state[0] - 1] : 0, lineInLink[0]));
        }
    }

    String line(int index) {
        Line line = lines.get(index);
        return text.substring(line.start(), line.end());
    }

    int size() {
        return lines.size();
    }
}
