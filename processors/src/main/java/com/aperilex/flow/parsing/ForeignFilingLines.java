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
 * A filing flattened into lines of plain text, one per block element. Inside {@code <pre>}, and in a
 * document that is pre-formatted text in minimal HTML (pre-2002 EDGAR: one {@code <div>}, no
 * paragraphs), a newline in the text ends a line too, since that is the only structure such text has.
 */
final class ForeignFilingLines {
    record Line(int start, int end, int table, boolean inInternalLink) {
    }

    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5",
            "h6", "table", "section", "article", "ul", "ol", "pre", "blockquote", "center", "hr", "body", "dt", "dd",
            "page");
    /** Fewer paragraph-like elements than this in the whole body: the document is pre-formatted text. */
    private static final int PREFORMATTED_MAX_BLOCKS = 5;

    final StringBuilder text = new StringBuilder(1 << 16);
    final List<Line> lines = new ArrayList<>();
    final boolean preformatted;

    ForeignFilingLines(Document document) {
        Element root = document.body() != null ? document.body() : document;
        preformatted = root.select("p, br, td, li, h1, h2, h3, h4, h5, h6").size() < PREFORMATTED_MAX_BLOCKS;
        flatten(root);
    }

    String line(int index) {
        Line line = lines.get(index);
        return text.substring(line.start(), line.end());
    }

    private void flatten(Element root) {
        int[] tableStack = new int[64];
        int[] state = {0, 0, 0, text.length(), 0}; // table depth, next table id, link depth, line start, pre depth
        boolean[] lineInLink = {false};
        boolean[] pendingSpace = {false};
        root.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode textNode) {
                    append(textNode.getWholeText(), preformatted || state[4] > 0);
                } else if (node instanceof Element element) {
                    String name = element.normalName();
                    if (BLOCKS.contains(name)) {
                        endLine();
                    } else if (name.equals("td") || name.equals("th")) {
                        append(" ", false);
                    }
                    if (name.equals("table") && state[0] < tableStack.length) {
                        tableStack[state[0]++] = ++state[1];
                    } else if (name.equals("a") && element.attr("href").startsWith("#")) {
                        state[2]++;
                    } else if (name.equals("pre")) {
                        state[4]++;
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
                    } else if (name.equals("pre") && state[4] > 0) {
                        state[4]--;
                    }
                }
            }

            private void append(String raw, boolean newlinesEndLines) {
                int n = raw.length();
                int i = 0;
                while (i < n) {
                    char c = raw.charAt(i);
                    if (c == '\n' && newlinesEndLines) {
                        endLine();
                        i++;
                    } else if (isSpace(c)) {
                        // One space between words, written only when a word follows on the line: a line never
                        // ends in one, so it is never cut off again.
                        pendingSpace[0] = text.length() > state[3];
                        i++;
                    } else {
                        // A word is copied at once, not a character at a time (most of the flattening's time).
                        int j = i + 1;
                        while (j < n && !isSpace(raw.charAt(j))) {
                            j++;
                        }
                        if (text.length() == state[3]) {
                            lineInLink[0] = state[2] > 0;
                        } else if (pendingSpace[0]) {
                            text.append(' ');
                        }
                        pendingSpace[0] = false;
                        text.append(raw, i, j);
                        i = j;
                    }
                }
            }

            private void endLine() {
                int end = text.length();
                pendingSpace[0] = false;
                if (end > state[3]) {
                    lines.add(new Line(state[3], end, state[0] > 0 ? tableStack[state[0] - 1] : 0, lineInLink[0]));
                    text.append('\n');
                    state[3] = text.length();
                }
            }
        });
        int end = text.length();
        if (end > state[3]) {
            lines.add(new Line(state[3], end, 0, lineInLink[0]));
        }
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || c == '\u00a0' || c == '\u200b' || c == '\u2002' || c == '\u2003'
                || c == '\u2009';
    }
}
