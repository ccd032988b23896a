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
 * A document flattened once into plain-text lines, one per block element, for the 10-Q segmenter.
 * Each line knows the innermost table it sits in, whether it starts inside an internal link (a
 * table-of-contents entry) and, when the document was parsed with position tracking, where its first
 * text starts in the HTML source.
 */
final class TenQLines {
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5",
            "h6", "table", "section", "article", "ul", "ol", "pre", "blockquote", "center", "hr", "body", "dt", "dd",
            "page");

    record Line(int start, int end, int table, boolean inInternalLink, int sourceStart) {
    }

    final StringBuilder text = new StringBuilder(1 << 16);
    final List<Line> lines = new ArrayList<>();

    TenQLines(Document document) {
        Element root = document.body() != null ? document.body() : document;
        root.traverse(new Flattener());
        finishLast();
    }

    String line(int index) {
        Line line = lines.get(index);
        return text.substring(line.start(), line.end());
    }

    private int tableDepth;
    private int nextTable;
    private final int[] tableStack = new int[64];
    private int linkDepth;
    private int lineStart;
    private boolean lineInLink;
    private int lineSource = -1;

    private void finishLast() {
        int end = text.length();
        if (end > lineStart) {
            lines.add(new Line(lineStart, end, currentTable(), lineInLink, lineSource));
        }
    }

    private int currentTable() {
        return tableDepth > 0 ? tableStack[Math.min(tableDepth, tableStack.length) - 1] : 0;
    }

    private final class Flattener implements NodeVisitor {
        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode textNode) {
                append(textNode.getWholeText(), textNode.sourceRange().startPos());
            } else if (node instanceof Element element) {
                String name = element.normalName();
                if (BLOCKS.contains(name)) {
                    endLine();
                } else if (name.equals("td") || name.equals("th")) {
                    append(" ", -1);
                }
                if (name.equals("table")) {
                    if (tableDepth < tableStack.length) {
                        tableStack[tableDepth] = ++nextTable;
                    }
                    tableDepth++;
                } else if (name.equals("a") && element.attr("href").startsWith("#")) {
                    linkDepth++;
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
                if (name.equals("table") && tableDepth > 0) {
                    tableDepth--;
                } else if (name.equals("a") && element.attr("href").startsWith("#") && linkDepth > 0) {
                    linkDepth--;
                }
            }
        }

        private void append(String raw, int source) {
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                boolean space = Character.isWhitespace(c) || c == '\u00a0' || c == '\u200b' || c == '\u2002'
                        || c == '\u2003' || c == '\u2009';
                int length = text.length();
                if (space) {
                    if (length > lineStart && text.charAt(length - 1) != ' ') {
                        text.append(' ');
                    }
                } else {
                    if (length == lineStart) {
                        lineInLink = linkDepth > 0;
                        lineSource = source;
                    }
                    text.append(c);
                }
            }
        }

        private void endLine() {
            int end = text.length();
            if (end > lineStart && text.charAt(end - 1) == ' ') {
                text.setLength(--end);
            }
            if (end > lineStart) {
                lines.add(new Line(lineStart, end, currentTable(), lineInLink, lineSource));
                text.append('\n');
                lineStart = text.length();
            }
        }
    }
}
