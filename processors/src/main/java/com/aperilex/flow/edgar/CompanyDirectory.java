package com.aperilex.flow.edgar;

import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.InvalidValueException;
import com.aperilex.flow.domain.Ticker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * SEC's ticker directory, read from www.sec.gov/files/company_tickers.json
 * ({@code {"0": {"cik_str": 320193, "ticker": "AAPL", "title": "Apple Inc."}, ...}}).
 */
public final class CompanyDirectory {
    /** A listed company: its CIK and the name SEC gives it. */
    public record Company(Cik cik, Ticker ticker, String name) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Ticker, Company> byTicker;

    private CompanyDirectory(Map<Ticker, Company> byTicker) {
        this.byTicker = Map.copyOf(byTicker);
    }

    /** @throws EdgarFormatException if the document is not a ticker directory */
    public static CompanyDirectory parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new EdgarFormatException("company_tickers.json is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new EdgarFormatException("company_tickers.json is not a JSON object");
        }
        Map<Ticker, Company> companies = new HashMap<>();
        for (Iterator<JsonNode> rows = root.elements(); rows.hasNext(); ) {
            JsonNode row = rows.next();
            JsonNode cik = row.get("cik_str");
            JsonNode ticker = row.get("ticker");
            if (cik == null || !cik.canConvertToLong() || ticker == null || !ticker.isTextual()) {
                continue;
            }
            try {
                Ticker key = Ticker.of(ticker.textValue());
                // The file lists a company's main ticker first; later classes of shares must not replace it.
                companies.putIfAbsent(key, new Company(new Cik(cik.asLong()), key, row.path("title").asText(null)));
            } catch (InvalidValueException e) {
                // A symbol outside our Ticker grammar cannot be requested anyway.
            }
        }
        if (companies.isEmpty()) {
            throw new EdgarFormatException("company_tickers.json lists no companies");
        }
        return new CompanyDirectory(companies);
    }

    public Optional<Company> find(Ticker ticker) {
        return Optional.ofNullable(byTicker.get(ticker));
    }

    public int size() {
        return byTicker.size();
    }
}
