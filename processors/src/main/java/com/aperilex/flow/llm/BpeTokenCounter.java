package com.aperilex.flow.llm;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Objects;

/**
 * Exact counts by one of OpenAI's byte-pair encodings (jtokkit, whose encodings ship in its jar: nothing is
 * downloaded at run time). Special-token text such as {@code <|endoftext|>} in a filing is counted as ordinary
 * text, as the API does with message content.
 */
public final class BpeTokenCounter implements TokenCounter {
    private static final class Registry {
        /** Loaded on first use; each encoding's ranks are read once, on first request for it. */
        static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();
    }

    private final EncodingType type;
    private final Encoding encoding;

    public BpeTokenCounter(EncodingType type) {
        this.type = Objects.requireNonNull(type, "type");
        this.encoding = Registry.INSTANCE.getEncoding(type);
    }

    public EncodingType type() {
        return type;
    }

    @Override
    public String name() {
        return type.getName();
    }

    @Override
    public int count(String text) {
        return encoding.countTokensOrdinary(text);
    }

    @Override
    public String toString() {
        return name();
    }
}
