package com.aperilex.flow.llm;

import com.aperilex.flow.parsing.TenKSection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the analysis prompt from the chosen 10-K items within an input-token budget. Short items go in
 * whole; the budget left is shared evenly among the long ones, each cut at a line break, so Item 1A's
 * hundred pages cannot crowd out Item 7.
 */
public final class AnalysisPromptBuilder {
    /** The instructions; the answer's shape is the narrative's JSON Schema itself ({@link NarrativeSchema}). */
    static final String SYSTEM = """
            You are a financial analyst reading an SEC filing. Answer with one JSON object and nothing else, \
            valid against this JSON Schema (draft 2020-12), each field as its "description" says:
            %s
            Base every statement on the filing text you are given. Do not state figures that the text does not \
            contain; exact financial figures are taken from the filing's XBRL separately.""".formatted(NarrativeSchema.text());
    private static final String TRUNCATED = "\n[... section truncated to fit the prompt budget]";

    private final List<String> items;
    private final int inputTokenBudget;
    private final int maxOutputTokens;
    private final TokenEstimate estimate;

    /**
     * @param items            the items to include, in prompt order, e.g. 1, 1A, 7, 7A
     * @param inputTokenBudget upper bound on the prompt's tokens, instructions included
     */
    public AnalysisPromptBuilder(List<String> items, int inputTokenBudget, int maxOutputTokens,
                                 TokenEstimate estimate) {
        this.items = List.copyOf(items);
        this.inputTokenBudget = inputTokenBudget;
        this.maxOutputTokens = maxOutputTokens;
        this.estimate = Objects.requireNonNull(estimate, "estimate");
        if (this.items.isEmpty()) {
            throw new IllegalArgumentException("the prompt needs at least one item");
        }
    }

    /** @param heading e.g. "Apple Inc. 10-K for fiscal year 2024" */
    public LlmPrompt build(String heading, Map<String, TenKSection> sections) {
        Map<String, TenKSection> chosen = new LinkedHashMap<>();
        for (String item : items) {
            TenKSection section = sections.get(item);
            if (section != null && !section.text().isBlank()) {
                chosen.put(item, section);
            }
        }
        String intro = "Filing: " + heading + "\n\n";
        int fixedChars = SYSTEM.length() + intro.length() + chosen.size() * 40;
        int available = Math.max(0, estimate.chars(inputTokenBudget) - fixedChars);
        Map<String, Integer> allowance = share(chosen, available);

        StringBuilder user = new StringBuilder(intro);
        for (Map.Entry<String, TenKSection> entry : chosen.entrySet()) {
            TenKSection section = entry.getValue();
            user.append("=== Item ").append(entry.getKey());
            if (!section.title().isBlank()) {
                user.append(": ").append(section.title());
            }
            user.append(" ===\n").append(cut(section.text(), allowance.get(entry.getKey()))).append("\n\n");
        }
        return new LlmPrompt(List.of(new LlmPrompt.Message(LlmPrompt.Role.SYSTEM, SYSTEM),
                new LlmPrompt.Message(LlmPrompt.Role.USER, user.toString().strip())), maxOutputTokens);
    }

    /** Water-filling: every section gets what it needs up to an equal share of what is left. */
    private static Map<String, Integer> share(Map<String, TenKSection> sections, int available) {
        Map<String, Integer> allowance = new LinkedHashMap<>();
        List<String> open = new ArrayList<>(sections.keySet());
        int left = available;
        boolean settled = false;
        while (!open.isEmpty() && !settled) {
            int fair = left / open.size();
            settled = true;
            for (String item : List.copyOf(open)) {
                int need = sections.get(item).chars();
                if (need <= fair) {
                    allowance.put(item, need);
                    left -= need;
                    open.remove(item);
                    settled = false;
                }
            }
            if (settled) {
                for (String item : open) {
                    allowance.put(item, fair);
                }
            }
        }
        return allowance;
    }

    private static String cut(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int room = Math.max(0, maxChars - TRUNCATED.length());
        int lineBreak = text.lastIndexOf('\n', room);
        int end = lineBreak > room / 2 ? lineBreak : room;
        return text.substring(0, end) + TRUNCATED;
    }
}
