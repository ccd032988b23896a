package com.aperilex.flow.domain;

import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.Ticker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One universe's companies, read from a CSV with a header row naming at least a {@code CIK} column (and
 * {@code Symbol} for tickers), fields quoted as RFC 4180 has them ({@code "Saint Paul, Minnesota"}, {@code ""}
 * for a quote). An empty list (a header and no row) restricts nothing: the universe is not restricted yet.
 *
 * <p>Tickers are matched as {@link Ticker} reads them (upper case), with '.' and '-' taken as the same
 * class-share separator: the list's {@code BRK.B} is the caller's {@code BRK-B}.
 */
public final class UniverseList {
    /** A company of the list: its CIK, and its ticker as the list writes it (null when the row has none). */
    public record Member(Cik cik, Ticker ticker) {
    }

    private final Set<Long> ciks;
    private final Set<String> tickers;
    private final List<Member> members;

    private UniverseList(Set<Long> ciks, Set<String> tickers, List<Member> members) {
        this.ciks = Set.copyOf(ciks);
        this.tickers = Set.copyOf(tickers);
        this.members = List.copyOf(members);
    }

    /** The list that restricts nothing (ALL, or a constituents file not configured yet). */
    public static UniverseList unrestricted() {
        return new UniverseList(Set.of(), Set.of(), List.of());
    }

    /**
     * Parses the CSV text; {@code source} names it in errors. A row without a CIK, a CIK that is not one, a
     * missing CIK column or an unterminated quote fails with the line it is on: a broken list must stop the
     * service's start rather than let everyone in.
     */
    public static UniverseList parse(String csv, String source) {
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        List<List<String>> rows = records(text, source);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(source + ": no header row (a CIK column is required)");
        }
        List<String> header = rows.get(0);
        int cikColumn = column(header, "CIK");
        int symbolColumn = column(header, "Symbol");
        if (cikColumn < 0) {
            throw new IllegalArgumentException(source + ": the header has no CIK column: " + header);
        }
        Set<Long> ciks = new HashSet<>();
        Set<String> tickers = new HashSet<>();
        List<Member> members = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue; // a blank line
            }
            String cik = cikColumn < row.size() ? row.get(cikColumn).trim() : "";
            Cik parsed;
            try {
                parsed = Cik.of(cik);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(source + ": record " + (i + 1) + " has no valid CIK: '" + cik + "'", e);
            }
            Ticker ticker = null;
            if (symbolColumn >= 0 && symbolColumn < row.size() && !row.get(symbolColumn).isBlank()) {
                tickers.add(tickerKey(row.get(symbolColumn)));
                ticker = tickerOrNull(row.get(symbolColumn));
            }
            // A company with two share classes (GOOGL, GOOG) is one CIK: listed once, under its first row.
            if (ciks.add(parsed.value())) {
                members.add(new Member(parsed, ticker));
            }
        }
        return new UniverseList(ciks, tickers, members);
    }

    /** False for an empty list: then every company is inside. */
    public boolean restricts() {
        return !ciks.isEmpty();
    }

    public boolean contains(Cik cik) {
        return !restricts() || ciks.contains(cik.value());
    }

    public boolean contains(Ticker ticker) {
        return !restricts() || tickers.contains(tickerKey(ticker.value()));
    }

    public int size() {
        return ciks.size();
    }

    /** The list's companies in its order, one per CIK. */
    public List<Member> members() {
        return members;
    }

    private static Ticker tickerOrNull(String symbol) {
        try {
            return Ticker.of(symbol.trim().replace('.', '-'));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The same key for BRK.B, BRK-B and brk.b; a symbol Ticker refuses is kept as written, upper-cased. */
    static String tickerKey(String symbol) {
        String value;
        try {
            value = Ticker.of(symbol).value();
        } catch (RuntimeException e) {
            value = symbol.trim().toUpperCase(Locale.ROOT);
        }
        return value.replace('-', '.');
    }

    private static int column(List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).trim().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** RFC 4180 records: quoted fields may hold commas, line breaks and doubled quotes. */
    private static List<List<String>> records(String text, String source) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int line = 1;
        int quoteLine = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            any = true;
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                quoteLine = line;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                // the \n ends the record
            } else if (c == '\n' || c == '\r') {
                fields.add(field.toString());
                field.setLength(0);
                records.add(fields);
                fields = new ArrayList<>();
                any = false;
                line++;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(source + ": the quote opened on line " + quoteLine + " is never closed");
        }
        if (any) {
            fields.add(field.toString());
            records.add(fields);
        }
        return records;
    }
}
