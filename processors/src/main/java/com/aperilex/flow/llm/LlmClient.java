package com.aperilex.flow.llm;

/**
 * A chat model behind some provider's API. Implementations: {@link OpenAiCompatibleClient} (OpenAI,
 * OpenRouter, Ollama, vLLM, ...); Bedrock's Converse API fits the same shape.
 */
public interface LlmClient {

    /** The provider's name as recorded with each analysis, e.g. "openai". */
    String provider();

    /** The model id sent to the provider, e.g. "gpt-4o-mini". */
    String model();

    /**
     * @throws LlmCallException when the call fails; {@link LlmCallException#isTransient()} says whether
     *                          a later retry may succeed
     */
    LlmCompletion complete(LlmPrompt prompt);
}
