package com.aperilex.flow.parsing;

/**
 * One section of a filing, from its heading to the next section's: a 10-K's item, a 10-Q's part and item, an
 * 8-K's item or exhibit, a 20-F's item or sub-item, a proxy statement's or prospectus' named section.
 *
 * @param item  the section's key: "1A" (10-K), "II-1A" (10-Q), "2.02" or "EX-99.1" (8-K), "3.D" (20-F),
 *              "executive-compensation" (DEF 14A), "use-of-proceeds" (S-1)
 * @param title the heading's title, e.g. "Risk Factors" (may be empty when the heading has none)
 * @param text  the item's plain text, heading included, one line per block of the document
 */
public record FilingSection(String item, String title, String text) {

    public int chars() {
        return text.length();
    }
}
