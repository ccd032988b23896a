package com.aperilex.flow.llm;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.secrets.SecretProvider;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The model behind the narrative, chosen by {@code aperilex.llm.provider}: {@code openai} builds an
 * analyst on any OpenAI-compatible API, {@code azure-openai} on an Azure OpenAI deployment, {@code anthropic}
 * on Anthropic's Messages API, {@code bedrock} on Amazon Bedrock's Converse API (the clients come from
 * {@link LlmClients}); {@code none} builds none, and analyses carry no narrative.
 */
@Configuration(proxyBeanMethods = false)
public class LlmConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(LlmConfiguration.class);

    /** Every provider but none: the client {@link LlmClients} builds for aperilex.llm.provider and model. */
    @Bean
    @ConditionalOnExpression("!'${aperilex.llm.provider:none}'.equalsIgnoreCase('none')")
    LlmAnalyst llmAnalyst(AperilexProperties properties, SecretProvider secrets,
                          ObjectProvider<BedrockRuntimeClient> bedrock, LlmCallLog calls, LlmSpendGuard spend,
                          Clock clock) {
        AperilexProperties.Llm llm = properties.llm();
        LlmClient client = new LlmClients(secrets, bedrock::getObject).client(llm.provider(), llm.model(), llm);
        return analyst(client, llm, calls, spend, clock);
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
