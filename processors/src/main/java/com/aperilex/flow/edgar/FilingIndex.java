package com.aperilex.flow.edgar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Archives listing of one accession folder
 * ({@code https://www.sec.gov/Archives/edgar/data/<cik>/<accession-no-dashes>/index.json}): the
 * filing's documents, and among them its EX-99.x exhibits (press releases and the like).
 *
 * <p>The listing's {@code type} is an icon name ("text.gif", "image2.gif"), not the document's EDGAR
 * type, so an exhibit is told by its file name: filers' agents name EX-99.1 "ex99-1", "ex99_1",
 * "ex991", "ex-99.1", "exhibit991" or "dex991" (".htm", ".html" or ".txt"; images such as
 * "ex99-1_001.jpg" are not exhibits). "ex991" is read as 99.1 and "ex9910" as 99.10.
 */
public final class FilingIndex {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EX99 = Pattern.compile(
            "ex(?:hibit)?[-_. ]?99(?:[-_.]?(\\d{1,2}))?(?!\\d)[^/]*\\.(?:htm|html|txt)$", Pattern.CASE_INSENSITIVE);
    private static final String ARCHIVES = "https://www.sec.gov";

    /**
     * One entry of the listing.
     *
     * @param name         the file name, e.g. ea191807ex99-1_datchat.htm
     * @param icon         the listing's type, an icon name such as text.gif
     * @param size         bytes, or null where the listing gives none (the index pages)
     * @param lastModified as the listing writes it, e.g. 2024-01-19 16:21:45
     */
    public record Entry(String name, String icon, Long size, String lastModified) {
    }

    /** An EX-99.x exhibit: its key ("EX-99.1") and its file. */
    public record Exhibit(String key, Entry entry) {
    }

    private final String directory;
    private final List<Entry> entries;

    private FilingIndex(String directory, List<Entry> entries) {
        this.directory = directory;
        this.entries = List.copyOf(entries);
    }

    /** @throws EdgarFormatException if the document is not an Archives directory listing */
    public static FilingIndex parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new EdgarFormatException("index.json is not JSON: " + e.getMessage());
        }
        JsonNode directory = root == null ? null : root.get("directory");
        JsonNode items = directory == null ? null : directory.get("item");
        if (items == null || !items.isArray()) {
            throw new EdgarFormatException("index.json has no directory.item list");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode item : items) {
            String name = item.path("name").asText("");
            if (name.isBlank()) {
                throw new EdgarFormatException("index.json lists an item without a name");
            }
            String size = item.path("size").asText("");
            Long bytes;
            try {
                bytes = size.isBlank() ? null : Long.valueOf(size);
            } catch (NumberFormatException e) {
                throw new EdgarFormatException("index.json gives " + name + " the size '" + size + "'");
            }
            entries.add(new Entry(name, item.path("type").asText(""), bytes, item.path("last-modified").asText("")));
        }
        return new FilingIndex(directory.path("name").asText(""), entries);
    }

    /** The folder, e.g. /Archives/edgar/data/1648960/000121390024004875. */
    public String directory() {
        return directory;
    }

    /** Every entry, in the listing's order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The EX-99.x exhibits, by exhibit number (99, 99.1, 99.2, ... 99.10). */
    public List<Exhibit> ex99Exhibits() {
        List<Exhibit> exhibits = new ArrayList<>();
        for (Entry entry : entries) {
            exhibitKey(entry.name()).ifPresent(key -> exhibits.add(new Exhibit(key, entry)));
        }
        exhibits.sort(Comparator.comparingInt(e -> e.key().equals("EX-99") ? 0
                : Integer.parseInt(e.key().substring("EX-99.".length()))));
        return exhibits;
    }

    /** Where a listed file is fetched from. */
    public String url(Entry entry) {
        return ARCHIVES + directory + "/" + entry.name();
    }

    /** "EX-99.1" for a file named like an EX-99.1 exhibit, else empty. */
    public static Optional<String> exhibitKey(String fileName) {
        Matcher m = EX99.matcher(fileName.toLowerCase(Locale.ROOT));
        if (!m.find()) {
            return Optional.empty();
        }
        String number = m.group(1);
        return Optional.of(number == null ? "EX-99" : "EX-99." + Integer.parseInt(number));
    }
}
