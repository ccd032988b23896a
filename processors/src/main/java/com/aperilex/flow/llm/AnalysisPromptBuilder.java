package com.aperilex.flow.llm;

import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.parsing.FilingSection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the analysis prompt of one form from its chosen sections (a 10-K's items 1, 1A, 7, 7A; a 10-Q's I-2 and
 * II-1A; every item of an 8-K, {@value #EVERY_SECTION}) within an input-token budget, counted by the model's
 * {@link TokenCounter} ({@link TokenCounters#forModel}). Short items go in whole; the tokens left after the
 * instructions (which embed the narrative's schema), the heading and the item headers are shared evenly among
 * the long ones, each cut at a line break, so Item 1A's hundred pages cannot crowd out Item 7. The whole prompt,
 * system and user messages with the chat format's overhead, is counted at the end and never exceeds the budget.
 */
public final class AnalysisPromptBuilder {
    /** In a section list: every section the filing has that the list does not name before, in document order. */
    public static final String EVERY_SECTION = "*";
    /**
     * The instructions for a form; the answer's shape is the narrative's JSON Schema itself, worded for the form
     * ({@link NarrativeSchema#forForm}).
     */
    private static final String INSTRUCTIONS = """
            You are a financial analyst reading an SEC filing, %s. Answer with one JSON object and nothing else, \
            valid against this JSON Schema (draft 2020-12), each field as its "description" says:
            %s
            Base every statement on the filing text you are given. Do not state figures that the text does not \
            contain; exact financial figures are taken from the filing's XBRL separately.""";
    /** The instructions for a 10-K. */
    static final String SYSTEM = system(FormType.TEN_K);
    private static final String TRUNCATED = "\n[... section truncated to fit the prompt budget]";
    /** Rounds of shrinking when joining the cut sections counts a few tokens more than their parts did. */
    private static final int MAX_ROUNDS = 8;

    private final String system;
    private final ObjectNode responseSchema;
    private final List<String> items;
    private final int inputTokenBudget;
    private final int maxOutputTokens;
    private final TokenCounter counter;

    /** A 10-K's prompt builder. */
    public AnalysisPromptBuilder(List<String> items, int inputTokenBudget, int maxOutputTokens,
                                 TokenCounter counter) {
        this(FormType.TEN_K, items, inputTokenBudget, maxOutputTokens, counter);
    }

    /**
     * @param form             the filing's form: the instructions name it and the narrative's wording fits it
     * @param items            the sections to include, in prompt order, by their keys, e.g. 1, 1A, 7, 7A;
     *                         {@value #EVERY_SECTION} stands for every other section of the filing
     * @param inputTokenBudget upper bound on the prompt's tokens, instructions included
     * @param counter          how the model counts tokens, {@link TokenCounters#forModel}
     */
    public AnalysisPromptBuilder(FormType form, List<String> items, int inputTokenBudget, int maxOutputTokens,
                                 TokenCounter counter) {
        this.system = system(Objects.requireNonNull(form, "form"));
        this.responseSchema = NarrativeSchema.forForm(form).forProvider();
        this.items = List.copyOf(items);
        this.inputTokenBudget = inputTokenBudget;
        this.maxOutputTokens = maxOutputTokens;
        this.counter = Objects.requireNonNull(counter, "counter");
        if (this.items.isEmpty()) {
            throw new IllegalArgumentException("the prompt needs at least one item");
        }
    }

    public TokenCounter counter() {
        return counter;
    }

    /**
     * Whether {@code sections} hold any of the prompt's items with text: without one, a prompt would be the
     * heading alone and the model's narrative invented, so no call is made.
     */
    public boolean covers(Map<String, FilingSection> sections) {
        return !chosen(sections).isEmpty();
    }

    /** The instructions of a form's prompt. */
    static String system(FormType form) {
        String what = switch (form) {
            case TEN_K -> "an annual report on Form 10-K";
            case TEN_K_AMENDED -> "an amended annual report on Form 10-K/A";
            case TEN_Q -> "a quarterly report on Form 10-Q";
            case EIGHT_K -> "a current report on Form 8-K with its exhibits";
            case TWENTY_F -> "the annual report of a foreign private issuer on Form 20-F";
            case DEF_14A -> "a definitive proxy statement (Schedule 14A)";
            case S_1 -> "a registration statement on Form S-1";
        };
        return INSTRUCTIONS.formatted(what, NarrativeSchema.forForm(form).text());
    }

    /** The prompt's sections with text, in prompt order. */
    private Map<String, FilingSection> chosen(Map<String, FilingSection> sections) {
        Map<String, FilingSection> chosen = new LinkedHashMap<>();
        for (String item : items) {
            if (EVERY_SECTION.equals(item)) {
                sections.forEach((key, section) -> {
                    if (!items.contains(key) && !section.text().isBlank()) {
                        chosen.putIfAbsent(key, section);
                    }
                });
            } else {
                FilingSection section = sections.get(item);
                if (section != null && !section.text().isBlank()) {
                    chosen.putIfAbsent(item, section);
                }
            }
        }
        return chosen;
    }

    /**
     * @param heading e.g. "Apple Inc. 10-K for fiscal year 2024"
     * @throws IllegalStateException when the budget cannot hold even the instructions and headers
     */
    public LlmPrompt build(String heading, Map<String, FilingSection> sections) {
        Map<String, FilingSection> chosen = chosen(sections);
        String intro = "Filing: " + heading + "\n\n";
        Map<String, Integer> need = new LinkedHashMap<>();
        for (Map.Entry<String, FilingSection> entry : chosen.entrySet()) {
            need.put(entry.getKey(), counter.count(entry.getValue().text()));
        }
        Map<String, String> empty = new LinkedHashMap<>();
        chosen.keySet().forEach(item -> empty.put(item, ""));
        int fixed = counter.count(prompt(intro, chosen, empty));
        if (fixed > inputTokenBudget) {
            throw new IllegalStateException("an input-token budget of " + inputTokenBudget + " (" + counter.name()
                    + ") cannot hold the instructions and headers, " + fixed + " tokens");
        }
        int available = inputTokenBudget - fixed;
        for (int round = 0; ; round++) {
            Map<String, Integer> allowance = share(need, available);
            Map<String, String> texts = new LinkedHashMap<>();
            for (Map.Entry<String, FilingSection> entry : chosen.entrySet()) {
                String item = entry.getKey();
                texts.put(item, need.get(item) <= allowance.get(item) ? entry.getValue().text()
                        : cut(entry.getValue().text(), allowance.get(item)));
            }
            LlmPrompt prompt = prompt(intro, chosen, texts);
            int over = counter.count(prompt) - inputTokenBudget;
            if (over <= 0) {
                return prompt;
            }
            if (round == MAX_ROUNDS || available == 0) {
                throw new IllegalStateException("the prompt still counts " + over + " tokens over its budget of "
                        + inputTokenBudget + " (" + counter.name() + ")");
            }
            available = Math.max(0, available - Math.max(over, chosen.size()));
        }
    }

    private LlmPrompt prompt(String intro, Map<String, FilingSection> chosen, Map<String, String> texts) {
        StringBuilder user = new StringBuilder(intro);
        for (Map.Entry<String, FilingSection> entry : chosen.entrySet()) {
            FilingSection section = entry.getValue();
            user.append("=== ").append(header(entry.getKey(), section.title())).append(" ===\n").append(texts.get(entry.getKey())).append("\n\n");
        }
        return new LlmPrompt(List.of(new LlmPrompt.Message(LlmPrompt.Role.SYSTEM, system),
                new LlmPrompt.Message(LlmPrompt.Role.USER, user.toString().strip())), maxOutputTokens, responseSchema);
    }

    /**
     * A section's header: "Item 1A: Risk Factors", "Item II-1A: Risk Factors" (a 10-Q's part and item),
     * "Exhibit 99.1: Adobe Reports Record Revenue" (key EX-99.1), or the title alone for a named section of a
     * proxy statement or prospectus ("Executive Compensation").
     */
    static String header(String key, String title) {
        String label;
        if (Character.isDigit(key.charAt(0)) || key.matches("[IV]+-.*")) {
            label = "Item " + key;
        } else if (key.regionMatches(true, 0, "EX-", 0, 3)) {
            label = "Exhibit " + key.substring(3);
        } else {
            return title.isBlank() ? key : title;
        }
        return title.isBlank() ? label : label + ": " + title;
    }

    /** Water-filling: every section gets what it needs up to an equal share of what is left. */
    private static Map<String, Integer> share(Map<String, Integer> need, int available) {
        Map<String, Integer> allowance = new LinkedHashMap<>();
        List<String> open = new ArrayList<>(need.keySet());
        int left = available;
        boolean settled = false;
        while (!open.isEmpty() && !settled) {
            int fair = left / open.size();
            settled = true;
            for (String item : List.copyOf(open)) {
                int wanted = need.get(item);
                if (wanted <= fair) {
                    allowance.put(item, wanted);
                    left -= wanted;
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

    /**
     * The longest start of the text, with the truncation note, within {@code maxTokens}: a binary search on the
     * length, counting each candidate, then back to a line break in its second half.
     */
    private String cut(String text, int maxTokens) {
        if (maxTokens <= counter.count(TRUNCATED)) {
            return "";
        }
        int low = 0;
        int high = text.length();
        int guess = (int) Math.min(text.length(), maxTokens * 16L);
        if (guess < high && counter.count(text.substring(0, guess) + TRUNCATED) > maxTokens) {
            high = guess;
        }
        while (low < high) {
            int mid = (int) (((long) low + high + 1) / 2);
            if (counter.count(text.substring(0, mid) + TRUNCATED) <= maxTokens) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        int lineBreak = text.lastIndexOf('\n', low);
        int end = lineBreak > low / 2 ? lineBreak : low;
        return text.substring(0, end) + TRUNCATED;
    }
}
