package com.aperilex.flow.llm;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.secrets.SecretProvider;
import java.net.http.HttpClient;
import org.apache.camel.ProducerTemplate;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final Logger LOG = LoggerFactory.getLogger(LlmConfiguration.class);

    @Bean
    @ConditionalOnProperty(name = "aperilex.llm.provider", havingValue = "openai")
    LlmAnalyst openAiAnalyst(AperilexProperties properties, SecretProvider secrets, LlmCallLog calls,
                             LlmSpendGuard spend, Clock clock) {
        AperilexProperties.Llm llm = properties.llm();
        if (llm.baseUrl() == null || llm.model() == null || llm.model().isBlank()) {
            throw new IllegalStateException(
                    "aperilex.llm.provider=openai needs aperilex.llm.base-url and aperilex.llm.model");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
        LlmClient client = new OpenAiCompatibleClient(new OpenAiCompatibleClient.Settings(llm.baseUrl(), llm.model(),
                () -> secrets.secret(llm.apiKeySecret()), llm.timeout(), llm.jsonMode(), llm.temperature()), http);
        return analyst(client, llm, calls, spend, clock);
    }

    /** Bedrock's Converse API through camel-aws-bedrock; the model id is e.g. amazon.nova-lite-v1:0. */
    @Bean
    @ConditionalOnProperty(name = "aperilex.llm.provider", havingValue = "bedrock")
    LlmAnalyst bedrockAnalyst(AperilexProperties properties, ProducerTemplate producer, LlmCallLog calls,
                              LlmSpendGuard spend, Clock clock) {
        AperilexProperties.Llm llm = properties.llm();
        if (llm.model() == null || llm.model().isBlank()) {
            throw new IllegalStateException("aperilex.llm.provider=bedrock needs aperilex.llm.model, e.g. amazon.nova-lite-v1:0");
        }
        return analyst(new BedrockConverseClient(producer, llm.bedrockUri(), llm.model(), llm.temperature()), llm,
                calls, spend, clock);
    }

    /**
     * The analyst on {@code client} behind its circuit breaker, recording every call and reserving it against
     * the daily budget. A model without a price cannot be bounded by the budget: its calls reserve and cost 0
     * (recorded with a null cost), which is said once here; only daily-budget-usd 0 stops them.
     */
    private static LlmAnalyst analyst(LlmClient client, AperilexProperties.Llm llm, LlmCallLog calls,
                                      LlmSpendGuard spend, Clock clock) {
        if (!llm.prices().containsKey(client.model()) && llm.dailyBudgetUsd().signum() > 0) {
            LOG.warn("Model {} has no aperilex.llm.prices entry: its calls are recorded without a cost and do not "
                    + "count against aperilex.llm.daily-budget-usd ({} USD)", client.model(), llm.dailyBudgetUsd());
        }
        LlmClient breaking = new BreakingLlmClient(client, llm.breaker().failureThreshold(), llm.breaker().openFor(),
                clock);
        return new LlmAnalyst(breaking, prices(llm), calls, spend, new TokenEstimate(llm.charsPerToken()), clock);
    }

    private static Map<String, ModelPrice> prices(AperilexProperties.Llm llm) {
        return llm.prices().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new ModelPrice(e.getValue().inputPerMillion(), e.getValue().outputPerMillion())));
    }
}
