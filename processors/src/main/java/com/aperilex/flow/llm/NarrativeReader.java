package com.aperilex.flow.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a model's answer into a {@link Narrative}: parses it, normalises harmless drift, then validates it
 * against {@link NarrativeSchema}. Whatever still misses the schema is reported in the validator's words,
 * so the repair prompt can tell the model exactly what to fix.
 *
 * <p>Harmless drift, and only that, is forgiven: a Markdown code fence around the JSON, whitespace around
 * string values, and an enum value in the wrong case ("HIGH" for "high"). A missing or an extra field is
 * never filled in or dropped: it fails validation.
 */
public final class NarrativeReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws InvalidNarrativeException with the validator's message for every way the answer misses the schema */
    public Narrative read(String answer) {
        JsonNode root;
        try {
            root = JSON.readTree(stripCodeFence(answer));
        } catch (JsonProcessingException e) {
            throw new InvalidNarrativeException(List.of("the answer is not valid JSON: " + e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidNarrativeException(List.of("the answer is empty: it must be one JSON object"));
        }
        root = normalise(root, NarrativeSchema.document());
        List<String> problems = NarrativeSchema.validate(root);
        if (!problems.isEmpty()) {
            throw new InvalidNarrativeException(problems);
        }
        try {
            return JSON.treeToValue(root, Narrative.class);
        } catch (JsonProcessingException e) {
            // The schema and the record disagree: a bug here, not the model's fault.
            throw new IllegalStateException("an answer valid against " + NarrativeSchema.RESOURCE
                    + " does not read as a Narrative", e);
        }
    }

    /**
     * Strips the whitespace around every string and puts an enum value the schema names in another case
     * into the schema's case; follows the schema's {@code properties} and {@code items} to find the enums.
     */
    static JsonNode normalise(JsonNode node, JsonNode schema) {
        if (node.isTextual()) {
            String text = node.textValue().strip();
            JsonNode allowed = schema == null ? null : schema.get("enum");
            if (allowed != null && allowed.isArray()) {
                String match = null;
                int matches = 0;
                for (JsonNode value : allowed) {
                    if (value.isTextual() && value.textValue().toLowerCase(Locale.ROOT)
                            .equals(text.toLowerCase(Locale.ROOT))) {
                        match = value.textValue();
                        matches++;
                    }
                }
                if (matches == 1) {
                    text = match;
                }
            }
            return TextNode.valueOf(text);
        }
        if (node.isObject()) {
            JsonNode properties = schema == null ? null : schema.get("properties");
            ObjectNode copy = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode fieldSchema = properties == null ? null : properties.get(field.getKey());
                copy.set(field.getKey(), normalise(field.getValue(), fieldSchema));
            }
            return copy;
        }
        if (node.isArray()) {
            JsonNode items = schema == null ? null : schema.get("items");
            List<JsonNode> elements = new ArrayList<>();
            node.forEach(element -> elements.add(normalise(element, items)));
            ArrayNode copy = JSON.createArrayNode();
            copy.addAll(elements);
            return copy;
        }
        return node;
    }

    /** Models asked for JSON still like to wrap it in a Markdown fence (```json ... ```); that much is forgiven. */
    static String stripCodeFence(String answer) {
        String text = answer == null ? "" : answer.strip();
        if (text.startsWith("```")) {
            int firstLine = text.indexOf('\n');
            int closing = text.lastIndexOf("```");
            if (firstLine > 0 && closing > firstLine) {
                return text.substring(firstLine + 1, closing).strip();
            }
        }
        return text;
    }
}
