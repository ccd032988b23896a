package com.aperilex.flow.llm;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.config.AperilexProperties.LlmProvider;
import com.aperilex.flow.secrets.SecretProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The one place a client for a provider is built: {@link #client} takes a tier's provider, model id and base URL
 * and the {@code aperilex.llm.*} settings, and says at start-up what a provider misses.
 */
public final class LlmClients {
    static final URI ANTHROPIC_BASE_URL = URI.create("https://api.anthropic.com");

    private final SecretProvider secrets;
    private final Supplier<BedrockRuntimeClient> bedrock;
    private final HttpClient http;

    /** @param bedrock asked only when a bedrock client is built, so other providers build no AWS client */
    public LlmClients(SecretProvider secrets, Supplier<BedrockRuntimeClient> bedrock) {
        this.secrets = secrets;
        this.bedrock = bedrock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * @throws IllegalStateException when the settings miss what {@code provider} needs
     * @throws IllegalArgumentException for {@link LlmProvider#NONE}, which has no client
     */
    public LlmClient client(AperilexProperties.Tier tier, AperilexProperties.Llm llm) {
        LlmProvider provider = tier.provider();
        String model = tier.model();
        URI baseUrl = tier.baseUrl();
        String name = provider.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        if (provider == LlmProvider.NONE) {
            throw new IllegalArgumentException("aperilex.llm.provider=none has no client");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalStateException("aperilex.llm.provider=" + name + " needs aperilex.llm.model");
        }
        Supplier<Optional<String>> apiKey = () -> secrets.secret(llm.apiKeySecret());
        return switch (provider) {
            case OPENAI -> {
                if (baseUrl == null) {
                    throw new IllegalStateException(
                            "aperilex.llm.provider=openai needs aperilex.llm.base-url and aperilex.llm.model");
                }
                yield new OpenAiCompatibleClient(openAiSettings(baseUrl, model, apiKey, llm), http);
            }
            case AZURE_OPENAI -> {
                AperilexProperties.Azure azure = llm.azure();
                if (azure.endpoint() == null || azure.deployment() == null || azure.deployment().isBlank()) {
                    throw new IllegalStateException("aperilex.llm.provider=azure-openai needs "
                            + "aperilex.llm.azure.endpoint and aperilex.llm.azure.deployment");
                }
                yield new OpenAiCompatibleClient(openAiSettings(azure.endpoint(), model, apiKey, llm),
                        OpenAiCompatibleClient.Dialect.azure(azure.deployment(), azure.apiVersion()), http);
            }
            case ANTHROPIC -> new AnthropicClient(new AnthropicClient.Settings(
                    baseUrl != null ? baseUrl : ANTHROPIC_BASE_URL, model, apiKey, llm.timeout(),
                    llm.temperature(), llm.anthropicVersion()), http);
            case BEDROCK -> new BedrockConverseClient(bedrock.get(), model, llm.temperature());
            case NONE -> throw new IllegalArgumentException("aperilex.llm.provider=none has no client");
        };
    }

    private static OpenAiCompatibleClient.Settings openAiSettings(URI base, String model,
                                                                  Supplier<Optional<String>> apiKey,
                                                                  AperilexProperties.Llm llm) {
        return new OpenAiCompatibleClient.Settings(base, model, apiKey, llm.timeout(), llm.jsonMode(),
                llm.temperature());
    }
}
