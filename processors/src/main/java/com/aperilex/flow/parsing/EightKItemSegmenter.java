package com.aperilex.flow.parsing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;

/**
 * Splits an 8-K into its items. Keys are the item numbers as the current form numbers them ("1.01",
 * "2.02", "5.02", "9.01", ...). A filing under the pre-2004 numbering ("Item 5. Other Events",
 * "Item 7. Financial Statements and Exhibits") is keyed by its legacy number as it appears ("5", "7"),
 * never translated to a current number: the old items do not map one-to-one onto the new ones. A
 * document with any current-style heading is read in the current numbering only.
 *
 * <p>Headings are lines starting "Item N.NN" followed by a separator or a capitalised title; a
 * sentence such as "Item 2.02 of this Current Report" is not one. Contents entries (in-document links,
 * or an entry followed closely by another heading whose item reappears later) are skipped. Sections
 * are in document order; an item's first real heading wins, a later line naming the same item stays
 * in the text of the section it falls in. The last item ends at the SIGNATURE(S) line.
 *
 * <p>{@link #segmentExhibit} keeps an exhibit document (an EX-99.x press release) whole, under the key
 * it is given, so exhibit text can be put beside the items.
 */
public final class EightKItemSegmenter implements SectionSegmenter {
    /** Every item of the current Form 8-K, in the form's order, with the form's own titles. */
    public static final Map<String, String> ITEMS = items(
            "1.01", "Entry into a Material Definitive Agreement",
            "1.02", "Termination of a Material Definitive Agreement",
            "1.03", "Bankruptcy or Receivership",
            "1.04", "Mine Safety - Reporting of Shutdowns and Patterns of Violations",
            "1.05", "Material Cybersecurity Incidents",
            "2.01", "Completion of Acquisition or Disposition of Assets",
            "2.02", "Results of Operations and Financial Condition",
            "2.03", "Creation of a Direct Financial Obligation or an Obligation under an Off-Balance Sheet Arrangement"
                    + " of a Registrant",
            "2.04", "Triggering Events That Accelerate or Increase a Direct Financial Obligation or an Obligation"
                    + " under an Off-Balance Sheet Arrangement",
            "2.05", "Costs Associated with Exit or Disposal Activities",
            "2.06", "Material Impairments",
            "3.01", "Notice of Delisting or Failure to Satisfy a Continued Listing Rule or Standard; Transfer of"
                    + " Listing",
            "3.02", "Unregistered Sales of Equity Securities",
            "3.03", "Material Modification to Rights of Security Holders",
            "4.01", "Changes in Registrant's Certifying Accountant",
            "4.02", "Non-Reliance on Previously Issued Financial Statements or a Related Audit Report or Completed"
                    + " Interim Review",
            "5.01", "Changes in Control of Registrant",
            "5.02", "Departure of Directors or Certain Officers; Election of Directors; Appointment of Certain"
                    + " Officers; Compensatory Arrangements of Certain Officers",
            "5.03", "Amendments to Articles of Incorporation or Bylaws; Change in Fiscal Year",
            "5.04", "Temporary Suspension of Trading Under Registrant's Employee Benefit Plans",
            "5.05", "Amendments to the Registrant's Code of Ethics, or Waiver of a Provision of the Code of Ethics",
            "5.06", "Change in Shell Company Status",
            "5.07", "Submission of Matters to a Vote of Security Holders",
            "5.08", "Shareholder Director Nominations",
            "6.01", "ABS Informational and Computational Material",
            "6.02", "Change of Servicer or Trustee",
            "6.03", "Change in Credit Enhancement or Other External Support",
            "6.04", "Failure to Make a Required Distribution",
            "6.05", "Securities Act Updating Disclosure",
            "6.06", "Static Pool",
            "7.01", "Regulation FD Disclosure",
            "8.01", "Other Events",
            "9.01", "Financial Statements and Exhibits");
    /** The pre-2004 items, keyed as they appear ("1" .. "12"). */
    public static final List<String> LEGACY_ITEMS = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11",
            "12");

    /** "Item 2.02.", "ITEM 5.02 -", "Items 2.02 and 9.01", "Item 7." at the start of a line. */
    private static final Pattern HEADING = Pattern.compile(
            "^items?\\s*(\\d{1,2}(?:\\s*\\.\\s*\\d{2})?)(?:\\s*(?:,|and|&)\\s*(\\d{1,2}\\.\\d{2}))?"
                    + "\\s*([.:\\-–—]|$|\\s+[^\\s.\\d])",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SIGNATURES = Pattern.compile("^signatures?\\.?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern PAGE_NUMBER = Pattern.compile("^(?:page\\s*)?[-–—\\s]*\\d{1,3}[-–—\\s]*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern EXHIBIT_LABEL = Pattern.compile(
            "^(?:ex(?:hibit)?\\.?\\s*-?\\s*\\d+(?:\\.\\d+)?|\\d+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONTACT = Pattern.compile("\\bcontacts?\\b:?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern RELEASE_LABEL = Pattern.compile("^(?:for immediate release|news release|press release)\\W*$",
            Pattern.CASE_INSENSITIVE);
    /** A heading line longer than this is a heading run into its first paragraph: its title must be the form's. */
    private static final int SHORT_HEADING = 250;
    private static final int MAX_TITLE = 250;
    private static final int TOC_GAP_CHARS = 80;

    private record Heading(int line, List<String> items, String title, boolean legacy) {
    }

    /** The document's items in document order; items the document does not have are absent. */
    public Map<String, FilingSection> segment(Document document) {
        EightKTextLines lines = new EightKTextLines(document);
        List<Heading> candidates = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Heading heading = heading(lines.line(i), i);
            if (heading != null) {
                candidates.add(heading);
            }
        }
        boolean current = candidates.stream().anyMatch(h -> !h.legacy());
        candidates.removeIf(h -> h.legacy() == current);
        return sections(firstOfEach(withoutTableOfContents(candidates, lines)), lines);
    }

    /**
     * An exhibit document (a separate document of the filing, e.g. the EX-99.1 press release) as one
     * section under {@code key}; its title is its first line that is not the bare "Exhibit 99.1" label or,
     * when the release opens with its contacts, the line after "FOR IMMEDIATE RELEASE" (the headline).
     */
    public Map<String, FilingSection> segmentExhibit(Document document, String key) {
        EightKTextLines lines = new EightKTextLines(document);
        String title = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.line(i).strip();
            if (EXHIBIT_LABEL.matcher(line).matches()) {
                continue;
            }
            if (CONTACT.matcher(line).find()) {
                // A release opening with its contacts: the headline follows "FOR IMMEDIATE RELEASE".
                for (int k = i + 1; k < Math.min(lines.size() - 1, i + 40); k++) {
                    if (RELEASE_LABEL.matcher(lines.line(k).strip()).matches()) {
                        line = lines.line(k + 1).strip();
                        break;
                    }
                }
            }
            title = line.length() <= MAX_TITLE ? line : "";
            break;
        }
        Map<String, FilingSection> sections = new LinkedHashMap<>();
        sections.put(key, new FilingSection(key, title, lines.text.toString().strip()));
        return sections;
    }

    private static Heading heading(String content, int index) {
        Matcher m = HEADING.matcher(content);
        if (!m.find()) {
            return null;
        }
        String separator = m.group(3);
        if (separator.length() > 1 && !Character.isUpperCase(separator.charAt(separator.length() - 1))) {
            return null; // "Item 2.02 of this Current Report ..."
        }
        String first = m.group(1).replaceAll("\\s", "");
        boolean legacy = !first.contains(".");
        List<String> items = new ArrayList<>();
        items.add(legacy ? first.replaceFirst("^0", "") : normalise(first));
        if (m.group(2) != null) {
            if (legacy) {
                return null;
            }
            items.add(normalise(m.group(2)));
        }
        for (String item : items) {
            if (legacy ? !LEGACY_ITEMS.contains(item) : !ITEMS.containsKey(item)) {
                return null;
            }
        }
        int titleStart = separator.length() > 1 ? m.end() - 1 : m.end();
        String rest = content.substring(titleStart).strip();
        String title = title(rest, legacy ? null : ITEMS.get(items.get(0)));
        if (title == null) {
            return null;
        }
        return new Heading(index, items, title, legacy);
    }

    private static String normalise(String number) {
        String[] parts = number.split("\\.");
        return Integer.parseInt(parts[0]) + "." + parts[1];
    }

    /**
     * The heading's title as the filing writes it, without a trailing period. A heading run into its
     * paragraph ("Item 2.02 Results of Operations and Financial Condition. On March 15, ...") keeps
     * the part that matches the form's title; a long line whose text is not the form's title is not a
     * heading (null).
     */
    private static String title(String rest, String formTitle) {
        if (formTitle != null) {
            int matched = prefixMatching(rest, formTitle);
            if (matched > 0) {
                return rest.substring(0, matched).strip();
            }
        }
        if (rest.length() > SHORT_HEADING) {
            return null;
        }
        return rest.replaceAll("\\s*\\d+$", "").replaceAll("[.\\s]+$", "").strip();
    }

    /** Length of the prefix of {@code text} equal to {@code title}, ignoring case, spacing, quotes and dashes. */
    private static int prefixMatching(String text, String title) {
        String wanted = simplify(title);
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            String c = simplify(String.valueOf(text.charAt(i)));
            seen.append(c);
            if (!wanted.startsWith(seen.toString())) {
                return 0;
            }
            if (seen.length() == wanted.length()) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String simplify(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9;,]", "");
    }

    /** Drops contents entries: in-document links, and entries closely followed by a heading whose item recurs later. */
    private static List<Heading> withoutTableOfContents(List<Heading> candidates, EightKTextLines lines) {
        List<Heading> kept = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Heading h = candidates.get(i);
            if (lines.lines.get(h.line()).inInternalLink()) {
                continue;
            }
            boolean close = i + 1 < candidates.size() && lines.lines.get(candidates.get(i + 1).line()).start()
                    - lines.lines.get(h.line()).end() < TOC_GAP_CHARS;
            if (close && recursAfter(candidates, i)) {
                continue;
            }
            kept.add(h);
        }
        return kept;
    }

    private static boolean recursAfter(List<Heading> candidates, int index) {
        String item = candidates.get(index).items().get(0);
        for (int k = index + 1; k < candidates.size(); k++) {
            if (candidates.get(k).items().contains(item)) {
                return true;
            }
        }
        return false;
    }

    private static List<Heading> firstOfEach(List<Heading> headings) {
        Set<String> seen = new HashSet<>();
        List<Heading> chosen = new ArrayList<>();
        for (Heading h : headings) {
            if (h.items().stream().noneMatch(seen::contains)) {
                seen.addAll(h.items());
                chosen.add(h);
            }
        }
        return chosen;
    }

    private static Map<String, FilingSection> sections(List<Heading> chosen, EightKTextLines lines) {
        Map<String, FilingSection> sections = new LinkedHashMap<>();
        for (int i = 0; i < chosen.size(); i++) {
            Heading heading = chosen.get(i);
            String title = heading.title();
            // "ITEM 2.02" in one table cell or block, its title in the next: take that line.
            if (title.isEmpty() && heading.line() + 1 < lines.size()) {
                String next = lines.line(heading.line() + 1).strip();
                if (next.length() <= MAX_TITLE && !HEADING.matcher(next).find()) {
                    title = next.replaceAll("[.\\s]+$", "");
                }
            }
            int endLine = i + 1 < chosen.size() ? chosen.get(i + 1).line() : signaturesOrEnd(heading.line(), lines);
            // A page number ("3", "- 3 -", "Page 3") before the next heading or the signatures belongs to no item.
            while (endLine - 1 > heading.line() && PAGE_NUMBER.matcher(lines.line(endLine - 1)).matches()) {
                endLine--;
            }
            int start = lines.lines.get(heading.line()).start();
            int end = lines.lines.get(endLine - 1).end();
            String body = lines.text.substring(start, Math.max(start, end)).strip();
            for (String item : heading.items()) {
                sections.put(item, new FilingSection(item, title, body));
            }
        }
        return sections;
    }

    private static int signaturesOrEnd(int from, EightKTextLines lines) {
        for (int i = from + 1; i < lines.size(); i++) {
            if (SIGNATURES.matcher(lines.line(i).strip()).matches()) {
                return i;
            }
        }
        return lines.size();
    }

    private static Map<String, String> items(String... pairs) {
        Map<String, String> items = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            items.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(items);
    }
}
