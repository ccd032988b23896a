package com.aperilex.flow.llm;

import java.util.List;
import java.util.Objects;

/** A conversation to send: system instructions first, then user and assistant turns. */
public record LlmPrompt(List<Message> messages, int maxOutputTokens) {

    public enum Role { SYSTEM, USER, ASSISTANT }

    public record Message(Role role, String content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }

    public LlmPrompt {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a prompt needs at least one message");
        }
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be positive");
        }
    }

    /** This conversation followed by more turns. */
    public LlmPrompt followedBy(Message... more) {
        List<Message> all = new java.util.ArrayList<>(messages);
        all.addAll(List.of(more));
        return new LlmPrompt(all, maxOutputTokens);
    }

    public int totalChars() {
        return messages.stream().mapToInt(m -> m.content().length()).sum();
    }
}
