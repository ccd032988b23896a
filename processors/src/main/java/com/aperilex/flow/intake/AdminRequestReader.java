package com.aperilex.flow.intake;

import com.aperilex.flow.domain.InvalidValueException;
import com.aperilex.flow.domain.UserTier;
import com.aperilex.flow.intake.AnalysisRequestReader;
import com.aperilex.flow.intake.InvalidRequestException;
import com.aperilex.flow.problem.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the bodies of the admin account endpoints, with the checks of every JSON body
 * ({@link AnalysisRequestReader#readObject}), reporting every invalid field at once.
 */
public final class AdminRequestReader {
    /** The largest single admin credit movement: a typo of three zeros is refused rather than granted. */
    public static final BigDecimal MAX_CREDIT_USD = new BigDecimal("100000");
    static final int MAX_REASON_LENGTH = 500;

    private final ObjectMapper mapper;

    public AdminRequestReader(ObjectMapper mapper) {
        this.mapper = AnalysisRequestReader.strict(mapper);
    }

    /** {@code PUT /api/v1/admin/users/{userId}/tier}: {@code {"tier": "PROFESSIONAL", "reason": "..."}}. */
    public TierChange tierChange(String contentType, byte[] body) {
        JsonNode root = AnalysisRequestReader.readObject(mapper, contentType, body);
        List<FieldError> errors = new ArrayList<>();
        unknownFields(root, Set.of("tier", "reason"), errors);
        UserTier tier = null;
        JsonNode node = root.get("tier");
        if (node == null || node.isNull()) {
            errors.add(new FieldError("tier", "required; one of " + UserTier.allowedNames()));
        } else if (!node.isTextual()) {
            errors.add(new FieldError("tier", "must be a string, one of " + UserTier.allowedNames()));
        } else {
            try {
                tier = UserTier.fromWireName(node.textValue());
            } catch (InvalidValueException e) {
                errors.add(new FieldError("tier", e.getMessage()));
            }
        }
        String reason = reason(root, false, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new TierChange(tier, reason);
    }

    /** {@code POST /api/v1/admin/users/{userId}/credits}: {@code {"amountUsd": 10.00, "reason": "..."}}. */
    public CreditGrant creditGrant(String contentType, byte[] body) {
        JsonNode root = AnalysisRequestReader.readObject(mapper, contentType, body);
        List<FieldError> errors = new ArrayList<>();
        unknownFields(root, Set.of("amountUsd", "reason"), errors);
        BigDecimal amount = null;
        JsonNode node = root.get("amountUsd");
        if (node == null || node.isNull()) {
            errors.add(new FieldError("amountUsd", "required: a positive number of US dollars"));
        } else if (!node.isNumber()) {
            errors.add(new FieldError("amountUsd", "must be a JSON number of US dollars, e.g. 10.00"));
        } else {
            BigDecimal value = node.decimalValue();
            if (value.signum() <= 0) {
                errors.add(new FieldError("amountUsd", "must be positive"));
            } else if (value.compareTo(MAX_CREDIT_USD) > 0) {
                errors.add(new FieldError("amountUsd", "must be at most " + MAX_CREDIT_USD.toPlainString()));
            } else if (value.stripTrailingZeros().scale() > 4) {
                errors.add(new FieldError("amountUsd", "at most 4 decimal places"));
            } else {
                amount = value;
            }
        }
        String reason = reason(root, true, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new CreditGrant(amount, reason);
    }

    private static String reason(JsonNode root, boolean required, List<FieldError> errors) {
        JsonNode node = root.get("reason");
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError("reason", "required: why the credits are granted (kept in the ledger)"));
            }
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            errors.add(new FieldError("reason", "must be a non-blank string"));
            return null;
        }
        String text = node.textValue().strip();
        if (text.length() > MAX_REASON_LENGTH) {
            errors.add(new FieldError("reason", "at most " + MAX_REASON_LENGTH + " characters"));
            return null;
        }
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            errors.add(new FieldError("reason", "must not contain control characters"));
            return null;
        }
        return text;
    }

    private static void unknownFields(JsonNode root, Set<String> known, List<FieldError> errors) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                boolean shown = name.matches("[A-Za-z0-9_.$-]{1,64}");
                errors.add(new FieldError(shown ? name : "body", "unknown field; allowed fields are "
                        + known.stream().sorted().toList()));
            }
        }
    }

    /** A tier change; {@code reason} may be null. */
    public record TierChange(UserTier tier, String reason) {
    }

    /** An admin grant of credits. */
    public record CreditGrant(BigDecimal amountUsd, String reason) {
    }
}
