package com.aperilex.flow.llm;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.secrets.SecretProvider;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import com.aperilex.flow.domain.ModelTier;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The models behind the narrative, one analyst per model tier ({@link LlmAnalysts}). Each tier names a provider
 * and model ({@code aperilex.llm.tiers.*}); without tiers, {@code aperilex.llm.provider} and
 * {@code aperilex.llm.model} are every tier. {@code openai} builds an analyst on any OpenAI-compatible API,
 * {@code azure-openai} on an Azure OpenAI deployment, {@code anthropic} on Anthropic's Messages API,
 * {@code bedrock} on Amazon Bedrock's Converse API (the clients come from {@link LlmClients}); {@code none} (no
 * tiers) builds none, and analyses carry no narrative. Tiers on the same provider, model and base URL share one
 * analyst.
 */
@Configuration(proxyBeanMethods = false)
public class LlmConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(LlmConfiguration.class);

    /** One analyst per tier, each on the client {@link LlmClients} builds for the tier's provider and model. */
    @Bean
    LlmAnalysts llmAnalysts(AperilexProperties properties, SecretProvider secrets,
                            ObjectProvider<BedrockRuntimeClient> bedrock, LlmCallLog calls, LlmSpendGuard spend,
                            Clock clock, ObjectProvider<ObservationRegistry> observations) {
        ObservationRegistry registry = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        AperilexProperties.Llm llm = properties.llm();
        if (!llm.tiersConfigured() && llm.provider() == AperilexProperties.LlmProvider.NONE) {
            return LlmAnalysts.NONE;
        }
        LlmClients clients = new LlmClients(secrets, bedrock::getObject);
        Map<AperilexProperties.Tier, LlmAnalyst> built = new HashMap<>();
        Map<ModelTier, LlmAnalyst> byTier = new EnumMap<>(ModelTier.class);
        for (ModelTier tier : ModelTier.values()) {
            AperilexProperties.Tier t = llm.tier(tier);
            byTier.put(tier, built.computeIfAbsent(t, k -> analyst(new ObservedLlmClient(clients.client(k, llm), registry), llm,
                    calls, spend, clock)));
        }
        LOG.info("LLM tiers: {}", byTier.entrySet().stream()
                .map(e -> e.getKey().wireName() + "=" + e.getValue().model()).collect(Collectors.joining(", ")));
        return new LlmAnalysts(byTier);
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
