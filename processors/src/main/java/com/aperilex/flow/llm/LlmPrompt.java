package com.aperilex.flow.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A conversation to send: system instructions first, then user and assistant turns; {@code responseSchema} is
 * the JSON Schema the answer must follow, as a structured-output request carries it (the narrative's, worded
 * for the filing's form: {@link NarrativeSchema.Worded#forProvider()}).
 */
public record LlmPrompt(List<Message> messages, int maxOutputTokens, ObjectNode responseSchema) {

    public enum Role { SYSTEM, USER, ASSISTANT }

    public record Message(Role role, String content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }

    /** A conversation answered in the narrative's schema worded for an annual report. */
    public LlmPrompt(List<Message> messages, int maxOutputTokens) {
        this(messages, maxOutputTokens, NarrativeSchema.forProvider());
    }

    public LlmPrompt {
        Objects.requireNonNull(responseSchema, "responseSchema");
        responseSchema = responseSchema.deepCopy();
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a prompt needs at least one message");
        }
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be positive");
        }
    }

    /** The answer's schema, a copy the caller may change. */
    @Override
    public ObjectNode responseSchema() {
        return responseSchema.deepCopy();
    }

    /** This conversation followed by more turns. */
    public LlmPrompt followedBy(Message... more) {
        List<Message> all = new java.util.ArrayList<>(messages);
        all.addAll(List.of(more));
        return new LlmPrompt(all, maxOutputTokens, responseSchema);
    }

    public int totalChars() {
        return messages.stream().mapToInt(m -> m.content().length()).sum();
    }
}
