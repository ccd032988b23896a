package com.aperilex.flow.intake;

import com.aperilex.flow.domain.SchemaVersions;
import com.aperilex.flow.problem.FieldError;
import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.CompanyIdentifier;
import com.aperilex.flow.domain.Email;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.InvalidValueException;
import com.aperilex.flow.domain.ModelTier;
import com.aperilex.flow.domain.Ticker;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the body of {@code POST /api/v1/analyses} into an {@link AnalysisRequest}. It checks every
 * field and reports all problems at once, so a caller fixes a request in one round trip.
 */
public final class AnalysisRequestReader {
    private static final Set<String> KNOWN_FIELDS =
            Set.of("email", "ticker", "cik", "formType", "accessionNumber", "schemaVersion", "modelTier");

    /** Bounds on what the parser materialises: the request is one flat object of short strings. */
    static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(32).maxNumberLength(100).maxStringLength(65_536).build();
    private static final Pattern SHOWN_FIELD_NAME = Pattern.compile("[A-Za-z0-9_.$-]{1,64}");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']{1,64})'.*", Pattern.DOTALL);

    private final ObjectMapper mapper;
    private final ModelTier defaultTier;
    private final boolean emailRequired;

    /** A reader whose requests without a modelTier are of {@link ModelTier#DEFAULT}. */
    public AnalysisRequestReader(ObjectMapper mapper) {
        this(mapper, ModelTier.DEFAULT);
    }

    /** @param defaultTier the tier of a request that names none ({@code aperilex.llm.default-tier}) */
    public AnalysisRequestReader(ObjectMapper mapper, ModelTier defaultTier) {
        this(mapper, defaultTier, true);
    }

    /**
     * @param emailRequired whether the body must name an {@code email}: it is the identity in auth mode
     *                      {@code none}; with tokens the identity is the token's and a body email is optional
     */
    public AnalysisRequestReader(ObjectMapper mapper, ModelTier defaultTier, boolean emailRequired) {
        this.mapper = strict(mapper);
        this.defaultTier = java.util.Objects.requireNonNull(defaultTier, "defaultTier");
        this.emailRequired = emailRequired;
    }

    /**
     * A copy of the application's mapper that refuses duplicate keys and content after the object, and bounds
     * depth, number and string lengths; the shared mapper (replies, other readers) is left as it is.
     */
    public static ObjectMapper strict(ObjectMapper shared) {
        ObjectMapper copy = shared.copy();
        copy.getFactory().setStreamReadConstraints(CONSTRAINTS);
        copy.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        copy.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return copy;
    }

    /**
     * @param contentType the request's Content-Type header (may be null)
     * @param body        the raw request body
     * @throws UnsupportedMediaTypeException if the body is not declared as JSON
     * @throws InvalidRequestException       naming every invalid field
     */
    public AnalysisRequest read(String contentType, byte[] body) {
        return read(readObject(mapper, contentType, body));
    }

    /**
     * The body as one JSON object, read with a {@link #strict} mapper: the checks every JSON request body of the
     * API gets (declared JSON, strict UTF-8, no duplicate keys, nothing after the object, bounded sizes).
     *
     * @throws UnsupportedMediaTypeException if the body is not declared as JSON
     * @throws InvalidRequestException       if it is not one well-formed JSON object
     */
    public static JsonNode readObject(ObjectMapper strictMapper, String contentType, byte[] body) {
        if (!isJson(contentType)) {
            throw new UnsupportedMediaTypeException(contentType);
        }
        JsonNode root;
        try {
            // Decoded here, strictly, rather than by the parser: Jackson guesses UTF-16 or UTF-32 from the byte
            // pattern, so a UTF-16 body (NUL bytes, valid UTF-8) would be read as if it were JSON text.
            root = body == null || body.length == 0 ? null : strictMapper.readTree(utf8(body));
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException(List.of(new FieldError("body", "malformed JSON: the body is not valid UTF-8")));
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(List.of(new FieldError("body", malformed(e))));
        } catch (IOException e) {
            throw new InvalidRequestException(List.of(new FieldError("body", "unreadable body")));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("body", "must be a JSON object")));
        }
        return root;
    }

    private static String utf8(byte[] body) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body)).toString();
    }

    /**
     * A fixed sentence per kind of malformation, with where it is: the parser's own message quotes the input and
     * names parser internals, so it is not echoed.
     */
    static String malformed(JsonProcessingException e) {
        String where = e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        String message = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            if (message.startsWith("Document nesting depth")) {
                return "malformed JSON: nested deeper than " + CONSTRAINTS.getMaxNestingDepth() + " levels" + where;
            } else if (message.startsWith("Number value length")) {
                return "malformed JSON: a number longer than " + CONSTRAINTS.getMaxNumberLength() + " characters" + where;
            } else if (message.startsWith("String value length")) {
                return "malformed JSON: a string longer than " + CONSTRAINTS.getMaxStringLength() + " characters" + where;
            }
            return "malformed JSON: the document exceeds the parser's limits" + where;
        }
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.matches() && duplicate.group(1).chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return "malformed JSON: duplicate field '" + duplicate.group(1) + "'" + where;
        } else if (message.startsWith("Duplicate field")) {
            return "malformed JSON: duplicate field" + where;
        } else if (message.startsWith("Trailing token")) {
            return "malformed JSON: content after the JSON value" + where;
        } else if (message.contains("Invalid UTF-8") || message.contains("Invalid UTF-32")) {
            return "malformed JSON: the body is not valid UTF-8" + where;
        }
        return "malformed JSON" + where;
    }

    private AnalysisRequest read(JsonNode root) {
        List<FieldError> errors = new ArrayList<>();
        boolean unshownUnknown = false;
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (KNOWN_FIELDS.contains(name)) {
                continue;
            }
            if (SHOWN_FIELD_NAME.matcher(name).matches()) {
                errors.add(new FieldError(name, "unknown field; allowed fields are " + KNOWN_FIELDS.stream().sorted().toList()));
            } else if (!unshownUnknown) {
                // A long or non-ASCII name is not echoed back: the caller's bytes stay out of the reply.
                unshownUnknown = true;
                errors.add(new FieldError("body", "unknown fields whose names are not short ASCII words; allowed fields are "
                        + KNOWN_FIELDS.stream().sorted().toList()));
            }
        }

        Email email = emailRequired ? required(root, "email", errors, Email::of)
                : optionalString(root, "email", errors, Email::of);
        Ticker ticker = optionalString(root, "ticker", errors, Ticker::of);
        Cik cik = cik(root, errors);
        if (present(root, "ticker") && present(root, "cik")) {
            errors.add(new FieldError("ticker", "give either ticker or cik, not both"));
            errors.add(new FieldError("cik", "give either ticker or cik, not both"));
        } else if (!present(root, "ticker") && !present(root, "cik")) {
            errors.add(new FieldError("ticker", "one of ticker or cik is required"));
            errors.add(new FieldError("cik", "one of ticker or cik is required"));
        }
        FormType formType = present(root, "formType")
                ? optionalString(root, "formType", errors, FormType::fromEdgarName)
                : FormType.DEFAULT;
        AccessionNumber accession = optionalString(root, "accessionNumber", errors, AccessionNumber::of);
        int schemaVersion = schemaVersion(root, errors);
        ModelTier modelTier = present(root, "modelTier")
                ? optionalString(root, "modelTier", errors, ModelTier::fromWireName)
                : defaultTier;

        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        CompanyIdentifier company = ticker != null ? ticker : cik;
        return new AnalysisRequest(email, company, formType, accession, schemaVersion, modelTier);
    }

    private static boolean present(JsonNode root, String field) {
        return root.has(field) && !root.get(field).isNull();
    }

    static <T> T required(JsonNode root, String field, List<FieldError> errors, Function<String, T> factory) {
        if (!present(root, field)) {
            errors.add(new FieldError(field, field + " is required"));
            return null;
        }
        return optionalString(root, field, errors, factory);
    }

    static <T> T optionalString(JsonNode root, String field, List<FieldError> errors, Function<String, T> factory) {
        if (!present(root, field)) {
            return null;
        }
        JsonNode node = root.get(field);
        if (!node.isTextual()) {
            errors.add(new FieldError(field, field + " must be a string, was " + describe(node)));
            return null;
        }
        try {
            return factory.apply(node.textValue());
        } catch (InvalidValueException e) {
            errors.add(new FieldError(field, e.getMessage()));
            return null;
        }
    }

    /** CIKs are accepted as a digit string ("0000320193") or a JSON integer (320193). */
    private static Cik cik(JsonNode root, List<FieldError> errors) {
        if (!present(root, "cik")) {
            return null;
        }
        JsonNode node = root.get("cik");
        try {
            if (node.isTextual()) {
                return Cik.of(node.textValue());
            }
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return new Cik(node.longValue());
            }
            errors.add(new FieldError("cik", "cik must be a digit string or an integer, was " + describe(node)));
        } catch (InvalidValueException e) {
            errors.add(new FieldError("cik", e.getMessage()));
        }
        return null;
    }

    private static int schemaVersion(JsonNode root, List<FieldError> errors) {
        if (!present(root, "schemaVersion")) {
            return SchemaVersions.CURRENT;
        }
        JsonNode node = root.get("schemaVersion");
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            errors.add(new FieldError("schemaVersion", "schemaVersion must be an integer, was " + describe(node)));
            return SchemaVersions.CURRENT;
        }
        int version = node.intValue();
        if (!SchemaVersions.isSupported(version)) {
            errors.add(new FieldError("schemaVersion",
                    "unsupported schemaVersion " + version + "; supported: " + SchemaVersions.SUPPORTED));
        }
        return version;
    }

    private static String describe(JsonNode node) {
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * application/json, or any structured +json type, with or without parameters; a charset parameter, if
     * given, must be UTF-8 (RFC 8259: JSON exchanged between systems is UTF-8).
     */
    static boolean isJson(String contentType) {
        // ASCII before case folding, as for identifiers.
        if (contentType == null || !contentType.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return false;
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!(mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json")))) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().toLowerCase(Locale.ROOT).equals("charset")) {
                String charset = parameter.length < 2 ? "" : parameter[1].trim().replace("\"", "");
                if (!charset.toLowerCase(Locale.ROOT).equals("utf-8")) {
                    return false;
                }
            }
        }
        return true;
    }
}
