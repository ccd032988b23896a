package com.aperilex.flow.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a model's answer against the analysis schema and reads it into a {@link Narrative}. Every
 * problem is named, so the repair prompt can tell the model exactly what to fix.
 */
public final class NarrativeReader {
    /** The schema as the prompt states it; {@link #read} enforces the same rules. */
    public static final String SCHEMA = """
            {
              "summary": string (2 to 6 sentences on the business and the year),
              "keyRisks": [ {"title": string, "severity": "low" | "medium" | "high", "description": string} ] (1 to 10 items),
              "mdaHighlights": [ string ] (1 to 10 items, from management's discussion and analysis),
              "outlook": string (what the filing says about the coming year)
            }""";
    private static final Set<String> FIELDS = Set.of("summary", "keyRisks", "mdaHighlights", "outlook");
    private static final Set<String> RISK_FIELDS = Set.of("title", "severity", "description");
    private static final int MAX_ITEMS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws InvalidNarrativeException naming every way the answer misses the schema */
    public Narrative read(String answer) {
        JsonNode root;
        try {
            root = JSON.readTree(stripCodeFence(answer));
        } catch (JsonProcessingException e) {
            throw new InvalidNarrativeException(List.of("the answer is not valid JSON: " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidNarrativeException(List.of("the answer must be one JSON object"));
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add("unexpected field \"" + name + "\"");
            }
        }
        String summary = text(root, "summary", problems);
        String outlook = text(root, "outlook", problems);
        List<Narrative.KeyRisk> risks = new ArrayList<>();
        JsonNode riskArray = array(root, "keyRisks", problems);
        for (int i = 0; riskArray != null && i < riskArray.size(); i++) {
            JsonNode risk = riskArray.get(i);
            String where = "keyRisks[" + i + "]";
            if (!risk.isObject()) {
                problems.add(where + " must be an object");
                continue;
            }
            risk.fieldNames().forEachRemaining(name -> {
                if (!RISK_FIELDS.contains(name)) {
                    problems.add(where + " has unexpected field \"" + name + "\"");
                }
            });
            String title = text(risk, "title", problems, where + ".title");
            String description = text(risk, "description", problems, where + ".description");
            Narrative.Severity severity = null;
            JsonNode severityNode = risk.get("severity");
            if (severityNode == null || !severityNode.isTextual()) {
                problems.add(where + ".severity must be \"low\", \"medium\" or \"high\"");
            } else {
                try {
                    severity = Narrative.Severity.valueOf(severityNode.textValue().strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.add(where + ".severity must be \"low\", \"medium\" or \"high\", not \""
                            + severityNode.textValue() + "\"");
                }
            }
            risks.add(new Narrative.KeyRisk(title, severity, description));
        }
        List<String> highlights = new ArrayList<>();
        JsonNode highlightArray = array(root, "mdaHighlights", problems);
        for (int i = 0; highlightArray != null && i < highlightArray.size(); i++) {
            JsonNode item = highlightArray.get(i);
            if (!item.isTextual() || item.textValue().isBlank()) {
                problems.add("mdaHighlights[" + i + "] must be a non-empty string");
            } else {
                highlights.add(item.textValue().strip());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidNarrativeException(problems);
        }
        return new Narrative(summary, risks, highlights, outlook);
    }

    private static String text(JsonNode node, String field, List<String> problems) {
        return text(node, field, problems, field);
    }

    private static String text(JsonNode node, String field, List<String> problems, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            problems.add(where + " must be a non-empty string");
            return null;
        }
        return value.textValue().strip();
    }

    private static JsonNode array(JsonNode root, String field, List<String> problems) {
        JsonNode value = root.get(field);
        if (value == null || !value.isArray() || value.isEmpty() || value.size() > MAX_ITEMS) {
            problems.add(field + " must be an array of 1 to " + MAX_ITEMS + " items");
            return value != null && value.isArray() && value.size() <= MAX_ITEMS ? value : null;
        }
        return value;
    }

    /** Models asked for JSON still like to wrap it in a Markdown fence; that much is forgiven. */
    private static String stripCodeFence(String answer) {
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
