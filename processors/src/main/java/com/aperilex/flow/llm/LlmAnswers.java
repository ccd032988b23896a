package com.aperilex.flow.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** What every HTTP provider client does alike with an answer: read it as JSON, count its tokens, quote an error. */
final class LlmAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LlmAnswers() {
    }

    /** The answer's JSON; anything else is a transient failure (a proxy's error page, a cut connection). */
    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new LlmCallException("the model's API answered with something other than JSON", true, e);
        }
    }

    /** The token count the provider reported, or an estimate of {@code chars}: an estimate beats a missing number. */
    static int tokens(JsonNode reported, int chars) {
        return reported.isInt() ? reported.intValue() : TokenEstimate.DEFAULT.tokens(chars);
    }

    /** An error body shortened for a failure message (the whole body stays in the provider's logs). */
    static String snippet(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
