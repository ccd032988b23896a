package com.aperilex.flow.llm;

/**
 * Counts the tokens of a text the way a model family's tokenizer does ({@link BpeTokenCounter}), or estimates
 * them from characters where no tokenizer is known ({@link TokenEstimate}). Which one a model gets is decided in
 * one place: {@link TokenCounters#forModel(String, TokenEstimate)}.
 */
public interface TokenCounter {
    /**
     * Tokens a chat API adds around each message (role and separators) and to prime the reply; OpenAI's chat
     * format uses 3 or 4 a message and 3 for the reply, so this bound holds for the families counted here.
     */
    int PER_MESSAGE_OVERHEAD = 4;
    int REPLY_PRIMING = 3;

    /** e.g. {@code o200k_base}, {@code cl100k_base}, {@code chars/4.0} */
    String name();

    int count(String text);

    /** The whole prompt as sent: every message's content and the chat format's overhead. */
    default int count(LlmPrompt prompt) {
        int tokens = REPLY_PRIMING;
        for (LlmPrompt.Message message : prompt.messages()) {
            tokens += PER_MESSAGE_OVERHEAD + count(message.content());
        }
        return tokens;
    }
}
