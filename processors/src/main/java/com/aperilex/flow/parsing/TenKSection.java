package com.aperilex.flow.parsing;

/**
 * One item of a 10-K, from its heading to the next item's heading.
 *
 * @param item  the item number as the form names it: "1", "1A", "7A", "15"
 * @param title the heading's title, e.g. "Risk Factors" (may be empty when the heading has none)
 * @param text  the item's plain text, heading included, one line per block of the document
 */
public record TenKSection(String item, String title, String text) {

    public int chars() {
        return text.length();
    }
}
