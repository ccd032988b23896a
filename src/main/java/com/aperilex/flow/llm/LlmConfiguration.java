package com.aperilex.flow.llm;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.secrets.SecretProvider;
import java.net.http.HttpClient;
import org.apache.camel.ProducerTemplate;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The model behind the narrative, chosen by {@code aperilex.llm.provider}: {@code openai} builds an
 * analyst on any OpenAI-compatible API, {@code bedrock} one on Amazon Bedrock's Converse API;
 * {@code none} builds none, and analyses carry no narrative.
 */
@Configuration(proxyBeanMethods = false)
public class LlmConfiguration {

    @Bean
    @ConditionalOnProperty(name = "aperilex.llm.provider", havingValue = "openai")
    LlmAnalyst openAiAnalyst(AperilexProperties properties, SecretProvider secrets) {
        AperilexProperties.Llm llm = properties.llm();
        if (llm.baseUrl() == null || llm.model() == null || llm.model().isBlank()) {
            throw new IllegalStateException(
                    "aperilex.llm.provider=openai needs aperilex.llm.base-url and aperilex.llm.model");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
        LlmClient client = new OpenAiCompatibleClient(new OpenAiCompatibleClient.Settings(llm.baseUrl(), llm.model(),
                () -> secrets.secret(llm.apiKeySecret()), llm.timeout(), llm.jsonMode(), llm.temperature()), http);
        return new LlmAnalyst(client, prices(llm));
    }

    /** Bedrock's Converse API through camel-aws-bedrock; the model id is e.g. amazon.nova-lite-v1:0. */
    @Bean
    @ConditionalOnProperty(name = "aperilex.llm.provider", havingValue = "bedrock")
    LlmAnalyst bedrockAnalyst(AperilexProperties properties, ProducerTemplate producer) {
        AperilexProperties.Llm llm = properties.llm();
        if (llm.model() == null || llm.model().isBlank()) {
            throw new IllegalStateException("aperilex.llm.provider=bedrock needs aperilex.llm.model, e.g. amazon.nova-lite-v1:0");
        }
        return new LlmAnalyst(new BedrockConverseClient(producer, llm.bedrockUri(), llm.model(), llm.temperature()),
                prices(llm));
    }

    private static Map<String, ModelPrice> prices(AperilexProperties.Llm llm) {
        return llm.prices().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new ModelPrice(e.getValue().inputPerMillion(), e.getValue().outputPerMillion())));
    }
}
