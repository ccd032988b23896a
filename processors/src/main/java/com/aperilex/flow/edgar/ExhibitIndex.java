package com.aperilex.flow.edgar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exhibits of a filing worth reading beside its primary document, from the accession folder's listing
 * ({@code /Archives/edgar/data/<cik>/<accession-no-dashes>/index.json}, one {@code directory.item} per file).
 * The listing names files, not their exhibit types, so EX-99.x documents are known by the name filers and
 * filing agents give them: {@code adbeex991q123.htm}, {@code ea191807ex99-1_datchat.htm},
 * {@code d123456dex991.htm}, {@code exhibit99-2.htm}. Only HTML and text documents count (never the
 * {@code ex99-1_001.jpg} images), at most {@code max} of them, in exhibit order.
 */
public final class ExhibitIndex {
    /** "ex99", "ex-99", "exhibit99", then an optional sub-number: 991, 99-1, 99_2, 99.1, 9901. */
    private static final Pattern EX_99 = Pattern.compile(
            "ex(?:hibit)?[-_]?99(?:[-_.]?(\\d{1,2}))?(?!\\d)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExhibitIndex() {
    }

    /** One exhibit document: its file name in the folder and its type, e.g. EX-99.1. */
    public record Exhibit(String name, String type) {
    }

    /**
     * The EX-99.x documents of the listing, in exhibit order; the primary document never counts.
     *
     * @throws EdgarFormatException when the bytes are not a directory listing
     */
    public static List<Exhibit> exhibits(byte[] indexJson, String primaryDocument, int max) {
        JsonNode items;
        try {
            items = JSON.readTree(indexJson).path("directory").path("item");
        } catch (IOException e) {
            throw new EdgarFormatException("the filing's index.json is not JSON: " + e.getMessage());
        }
        if (!items.isArray()) {
            throw new EdgarFormatException("the filing's index.json has no directory.item list");
        }
        List<Exhibit> found = new ArrayList<>();
        for (JsonNode item : items) {
            String name = item.path("name").asText("");
            String type = type(name);
            if (type != null && !name.equalsIgnoreCase(primaryDocument)
                    && found.stream().noneMatch(e -> e.type().equals(type))) {
                found.add(new Exhibit(name, type));
            }
        }
        found.sort(Comparator.comparingInt(ExhibitIndex::order));
        return List.copyOf(found.subList(0, Math.min(max, found.size())));
    }

    /** "EX-99.1" for a document named like an Exhibit 99.1, "EX-99" for a bare 99; null for anything else. */
    static String type(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!(lower.endsWith(".htm") || lower.endsWith(".html") || lower.endsWith(".txt"))) {
            return null;
        }
        Matcher m = EX_99.matcher(lower.substring(0, lower.lastIndexOf('.')));
        if (!m.find()) {
            return null;
        }
        if (m.group(1) == null) {
            return "EX-99";
        }
        return "EX-99." + Integer.parseInt(m.group(1));
    }

    private static int order(Exhibit exhibit) {
        String type = exhibit.type();
        return type.equals("EX-99") ? 0 : Integer.parseInt(type.substring("EX-99.".length()));
    }
}
