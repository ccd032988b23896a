package com.aperilex.flow.parsing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Splits a proxy statement (DEF 14A) or a prospectus (S-1) into its named sections, found by their real
 * headings: a whole line (at most {@value #MAX_HEADING_LINE} characters) reading e.g. "Executive Compensation"
 * or "RISK FACTORS". These forms have no item numbers, so a heading is recognised by its words alone; running
 * page headers ("Executive Compensation (continued)") are not headings; the table of contents (internal
 * links, a table holding several headings, headings with next to no text between them) is skipped; for each
 * key the first heading after that is taken. A section runs to the next heading found, of any key, including
 * boundary-only headings (Plan of Distribution, Legal Matters ...) that are not returned themselves.
 *
 * <p>Keys. DEF 14A: "proposal-N" for each "Proposal N — title" heading (the election of directors is
 * usually proposal-1), "ownership" (security / beneficial stock ownership), "executive-compensation".
 * S-1: "prospectus-summary", "risk-factors", "use-of-proceeds", "mdna", "business".
 */
public final class ProxyAndProspectusSegmenter implements SectionSegmenter {
    private static final int MAX_HEADING_LINE = 150;
    private static final int TOC_GAP_CHARS = 80;
    private static final int TOC_TABLE_HEADINGS = 3;
    private static final int TOC_RUN = 3;
    private static final String BOUNDARY = "";

    private record Kind(String key, Pattern pattern) {
    }

    private static final Pattern PROPOSAL = Pattern.compile("^proposal\\s+(?:no\\.\\s*)?(\\d{1,2})\\s*[—–\\-]\\s*\\S.*$",
            Pattern.CASE_INSENSITIVE);
    private static final List<Kind> KINDS = List.of(
            kind("executive-compensation", "executive compensation"),
            kind("ownership", "(?:beneficial\\s+)?(?:security|stock|share)\\s+ownership(?:\\s+of\\s+.*)?"
                    + "|security\\s+ownership\\s+of\\s+certain\\s+beneficial\\s+owners.*"),
            kind("prospectus-summary", "prospectus\\s+summary"),
            kind("risk-factors", "risk\\s+factors"),
            kind("use-of-proceeds", "use\\s+of\\s+proceeds"),
            kind("mdna", "management[’'`]?s\\s+discussion\\s+and\\s+analysis\\s+of\\s+financial\\s+condition\\s+and"
                    + "\\s+results\\s+of\\s+operations"),
            kind("business", "(?:our\\s+)?business"),
            kind(BOUNDARY, "plan\\s+of\\s+distribution|dilution|capitalization|dividend\\s+policy"
                    + "|selling\\s+(?:stock|share)holders?|description\\s+of\\s+(?:capital\\s+stock|securities)"
                    + "|legal\\s+matters|experts|management|director\\s+compensation|audit\\s+committee\\s+report"
                    + "|audit\\s+committee\\s+matters|corporate\\s+governance"
                    + "|where\\s+you\\s+can\\s+find\\s+more\\s+information|determination\\s+of\\s+offering\\s+price"
                    + "|incorporation\\s+of\\s+(?:certain\\s+information|documents)\\s+by\\s+reference|signatures"
                    + "|future\\s+stockholder\\s+proposals.*|other\\s+matters"));

    private static Kind kind(String key, String words) {
        return new Kind(key, Pattern.compile("^(?:" + words + ")\\s*[.:]?$", Pattern.CASE_INSENSITIVE));
    }

    private record Heading(int line, String key, String title) {
    }

    /** The S-1 (or other {@code type}) document inside an SGML complete submission (.txt), parsed. */
    public static Document documentOfType(String submission, String type) {
        Matcher documents = Pattern.compile("(?is)<DOCUMENT>(.*?)</DOCUMENT>").matcher(submission);
        while (documents.find()) {
            String document = documents.group(1);
            Matcher t = Pattern.compile("(?im)^<TYPE>\\s*(\\S+)").matcher(document);
            if (t.find() && t.group(1).equalsIgnoreCase(type)) {
                Matcher text = Pattern.compile("(?is)<TEXT>(.*?)</TEXT>").matcher(document);
                return Jsoup.parse(text.find() ? text.group(1) : document);
            }
        }
        throw new IllegalArgumentException("no document of type " + type + " in the submission");
    }

    /** The sections found, in document order; keys the document has no heading for are absent. */
    public Map<String, FilingSection> segment(Document document) {
        ForeignFilingLines flat = new ForeignFilingLines(document);
        List<Heading> candidates = new ArrayList<>();
        for (int i = 0; i < flat.lines.size(); i++) {
            ForeignFilingLines.Line line = flat.lines.get(i);
            if (line.end() - line.start() > MAX_HEADING_LINE) {
                continue;
            }
            String content = flat.line(i).strip();
            if (content.toLowerCase(Locale.ROOT).endsWith("(continued)")) {
                continue;
            }
            Matcher proposal = PROPOSAL.matcher(content);
            // "Proposal 2 — Say-on-Pay. Because proposal 2 is ..." is a paragraph about it, not its heading.
            if (proposal.matches() && !content.matches(".*\\.\\s+\\S.*")) {
                candidates.add(new Heading(i, "proposal-" + Integer.parseInt(proposal.group(1)), content));
                continue;
            }
            for (Kind kind : KINDS) {
                if (kind.pattern().matcher(content).matches()) {
                    candidates.add(new Heading(i, kind.key(), content));
                    break;
                }
            }
        }
        List<Heading> body = withoutTableOfContents(candidates, flat);
        // The first body heading of each key; every boundary heading stays, to end the section before it.
        Map<String, Heading> first = new HashMap<>();
        List<Heading> chosen = new ArrayList<>();
        for (Heading h : body) {
            if (h.key().equals(BOUNDARY)) {
                chosen.add(h);
            } else if (!first.containsKey(h.key())) {
                first.put(h.key(), h);
                chosen.add(h);
            }
        }
        Map<String, FilingSection> sections = new LinkedHashMap<>();
        for (int k = 0; k < chosen.size(); k++) {
            Heading h = chosen.get(k);
            if (h.key().equals(BOUNDARY)) {
                continue;
            }
            int endLine = k + 1 < chosen.size() ? chosen.get(k + 1).line() : flat.lines.size();
            int start = flat.lines.get(h.line()).start();
            int end = endLine < flat.lines.size() ? flat.lines.get(endLine - 1).end() : flat.text.length();
            sections.put(h.key(), new FilingSection(h.key(), h.title(), flat.text.substring(start, end).strip()));
        }
        return sections;
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
        // A run of TOC_RUN or more headings with next to no text between them is a list of contents; a
        // running page header just before a real heading is a run of two, and stays. A run is of headings in the
        // text only: the first heading right after a linked or tabled contents list is the document's, not the
        // list's end.
        boolean[] listed = toc.clone();
        int runStart = 0;
        for (int i = 1; i <= candidates.size(); i++) {
            boolean close = i < candidates.size() && listed[i] == listed[i - 1]
                    && flat.lines.get(candidates.get(i).line()).start()
                    - flat.lines.get(candidates.get(i - 1).line()).end() < TOC_GAP_CHARS;
            if (!close) {
                if (i - runStart >= TOC_RUN) {
                    for (int j = runStart; j < i; j++) {
                        toc[j] = true;
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
}
