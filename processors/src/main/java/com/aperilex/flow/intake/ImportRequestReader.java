package com.aperilex.flow.intake;

import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.CompanyIdentifier;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.ImportRequest;
import com.aperilex.flow.domain.InvalidValueException;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.domain.Universe;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.problem.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads {@code POST /api/v1/imports}: {@code {"tickers": [...] | "ciks": [...] | "universe": "SP500",
 * "formTypes": ["10-K", "10-Q"], "from": "2024-12-01", "to": "2026-12-01"}} or {@code "years": 2} instead of the
 * dates, with the checks of every JSON body ({@link AnalysisRequestReader#readObject}), reporting every invalid
 * field at once.
 *
 * <p>Defaults: forms 10-K and 10-Q; without dates, the last {@value #DEFAULT_YEARS} years up to today (UTC). A
 * repeated company is counted once. The dates may not start in the future nor reach back past 1993 (EDGAR's first
 * electronic filings).
 */
public final class ImportRequestReader {
    public static final int MAX_COMPANIES = 1000;
    public static final int MAX_YEARS = 30;
    static final int DEFAULT_YEARS = 2;
    static final LocalDate EARLIEST = LocalDate.of(1993, 1, 1);
    private static final Set<String> FIELDS = Set.of("email", "tickers", "ciks", "universe", "formTypes", "from", "to", "years");
    private static final String KEY_VERSION = "import-v1";

    private final ObjectMapper mapper;

    public ImportRequestReader(ObjectMapper mapper) {
        this.mapper = AnalysisRequestReader.strict(mapper);
    }

    /** The request, or 400 with every field's problem; {@code today} is the UTC date of the request. */
    public ImportRequest read(String contentType, byte[] body, LocalDate today) {
        JsonNode root = AnalysisRequestReader.readObject(mapper, contentType, body);
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                boolean shown = name.matches("[A-Za-z0-9_.$-]{1,64}");
                errors.add(new FieldError(shown ? name : "body", "unknown field; allowed fields are "
                        + new TreeSet<>(FIELDS)));
            }
        }
        Email email = AnalysisRequestReader.optionalString(root, "email", errors, Email::of);
        int named = (present(root, "tickers") ? 1 : 0) + (present(root, "ciks") ? 1 : 0)
                + (present(root, "universe") ? 1 : 0);
        List<CompanyIdentifier> companies = new ArrayList<>();
        Universe universe = null;
        if (named != 1) {
            errors.add(new FieldError(named == 0 ? "tickers" : "universe",
                    "name the companies by exactly one of tickers, ciks or universe"));
        } else if (present(root, "tickers")) {
            companies = companies(root.get("tickers"), "tickers", errors, true);
        } else if (present(root, "ciks")) {
            companies = companies(root.get("ciks"), "ciks", errors, false);
        } else {
            JsonNode node = root.get("universe");
            if (!node.isTextual()) {
                errors.add(new FieldError("universe", "must be a string: SP500"));
            } else if (!"SP500".equals(node.textValue())) {
                errors.add(new FieldError("universe", "the only universe an import covers is SP500"));
            } else {
                universe = Universe.SP500;
            }
        }
        Set<FormType> forms = forms(root.get("formTypes"), errors);
        LocalDate from = null;
        LocalDate to = null;
        boolean dates = present(root, "from") || present(root, "to");
        if (dates && present(root, "years")) {
            errors.add(new FieldError("years", "give either years or from and to, not both"));
        } else if (dates) {
            to = present(root, "to") ? date(root.get("to"), "to", errors) : today;
            from = present(root, "from") ? date(root.get("from"), "from", errors) : null;
            if (!present(root, "from")) {
                errors.add(new FieldError("from", "required with to: the first filing date, e.g. 2024-12-01"));
            }
        } else {
            JsonNode node = root.get("years");
            int years = DEFAULT_YEARS;
            if (node != null && !node.isNull()) {
                if (!node.isInt() || node.intValue() < 1 || node.intValue() > MAX_YEARS) {
                    errors.add(new FieldError("years", "must be an integer from 1 to " + MAX_YEARS));
                } else {
                    years = node.intValue();
                }
            }
            to = today;
            from = today.minusYears(years);
        }
        if (from != null && to != null) {
            if (from.isAfter(to)) {
                errors.add(new FieldError("to", "must not be before from"));
            } else if (from.isAfter(today)) {
                errors.add(new FieldError("from", "must not be in the future"));
            } else if (from.isBefore(EARLIEST)) {
                errors.add(new FieldError("from", "must not be before " + EARLIEST + " (EDGAR's first filings)"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new ImportRequest(email, companies, universe, forms, from, to, ImportRequest.SCHEMA_VERSION);
    }

    /**
     * The import's deduplication key: the same owner asking for the same companies (in any order), forms and dates
     * gets the same key, so a repeat within the dedup window returns the import already made.
     */
    public static String dedupKey(UserId owner, ImportRequest request) {
        Objects.requireNonNull(owner, "owner");
        String companies = request.universe() != null ? "universe:" + request.universe()
                : request.companies().stream().map(CompanyIdentifier::token).sorted().collect(Collectors.joining(","));
        String forms = request.formTypes().stream().map(FormType::edgarName).sorted().collect(Collectors.joining(","));
        return DedupKeys.sha256Hex(String.join("|", KEY_VERSION, "user:" + owner, companies, forms,
                request.from().toString(), request.to().toString()));
    }

    private static List<CompanyIdentifier> companies(JsonNode node, String field, List<FieldError> errors,
                                                     boolean tickers) {
        if (!node.isArray() || node.isEmpty()) {
            errors.add(new FieldError(field, "must be a non-empty array"));
            return List.of();
        }
        if (node.size() > MAX_COMPANIES) {
            errors.add(new FieldError(field, "at most " + MAX_COMPANIES + " companies per import"));
            return List.of();
        }
        Set<CompanyIdentifier> seen = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String at = field + "[" + i + "]";
            try {
                if (tickers) {
                    if (!item.isTextual()) {
                        errors.add(new FieldError(at, "must be a ticker string, e.g. AAPL"));
                        continue;
                    }
                    seen.add(Ticker.of(item.textValue()));
                } else {
                    if (!item.isTextual() && !item.isIntegralNumber()) {
                        errors.add(new FieldError(at, "must be a CIK, a string or number of up to 10 digits"));
                        continue;
                    }
                    seen.add(Cik.of(item.asText()));
                }
            } catch (InvalidValueException e) {
                errors.add(new FieldError(at, e.getMessage()));
            }
        }
        return new ArrayList<>(seen);
    }

    private static Set<FormType> forms(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return EnumSet.of(FormType.TEN_K, FormType.TEN_Q);
        }
        if (!node.isArray() || node.isEmpty()) {
            errors.add(new FieldError("formTypes", "must be a non-empty array of " + FormType.allowedNames()));
            return Set.of();
        }
        Set<FormType> forms = EnumSet.noneOf(FormType.class);
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            try {
                if (!item.isTextual()) {
                    throw new InvalidValueException("formType must be one of " + FormType.allowedNames());
                }
                forms.add(FormType.fromEdgarName(item.textValue()));
            } catch (InvalidValueException e) {
                errors.add(new FieldError("formTypes[" + i + "]", e.getMessage()));
            }
        }
        return forms;
    }

    private static LocalDate date(JsonNode node, String field, List<FieldError> errors) {
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be a date string, e.g. 2024-12-01"));
            return null;
        }
        try {
            return LocalDate.parse(node.textValue());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 date, e.g. 2024-12-01"));
            return null;
        }
    }

    private static boolean present(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && !node.isNull();
    }
}
