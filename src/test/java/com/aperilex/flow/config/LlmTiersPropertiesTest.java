package com.aperilex.flow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.config.AperilexProperties.LlmProvider;
import com.aperilex.flow.domain.ModelTier;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** aperilex.llm.tiers: none configured means the single provider and model are every tier; configured, complete. */
class LlmTiersPropertiesTest {

    private static AperilexProperties.Llm bind(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("aperilex.llm.bedrock-uri", "aws-bedrock:converse");
        return new Binder(new MapConfigurationPropertySource(all)).bind("aperilex.llm", AperilexProperties.Llm.class)
                .get();
    }

    @Test
    void withoutTiersTheSingleProviderAndModelAreEveryTier() {
        AperilexProperties.Llm llm = bind(Map.of("aperilex.llm.provider", "openai",
                "aperilex.llm.base-url", "http://localhost:11434/v1", "aperilex.llm.model", "llama3.1"));
        assertThat(llm.tiersConfigured()).isFalse();
        assertThat(llm.defaultTier()).isEqualTo(ModelTier.SMALL);
        for (ModelTier tier : ModelTier.values()) {
            assertThat(llm.tier(tier)).isEqualTo(new AperilexProperties.Tier(LlmProvider.OPENAI, "llama3.1",
                    URI.create("http://localhost:11434/v1")));
        }
    }

    @Test
    void configuredTiersNameTheirModelsAndShareTheBaseUrl() {
        AperilexProperties.Llm llm = bind(Map.of("aperilex.llm.base-url", "https://api.openai.com/v1",
                "aperilex.llm.default-tier", "medium",
                "aperilex.llm.tiers.small.provider", "openai", "aperilex.llm.tiers.small.model", "gpt-4o-mini",
                "aperilex.llm.tiers.medium.provider", "bedrock",
                "aperilex.llm.tiers.medium.model", "amazon.nova-pro-v1:0",
                "aperilex.llm.tiers.large.provider", "openai", "aperilex.llm.tiers.large.model", "gpt-4o"));
        assertThat(llm.tiersConfigured()).isTrue();
        assertThat(llm.defaultTier()).isEqualTo(ModelTier.MEDIUM);
        assertThat(llm.tier(ModelTier.LARGE).model()).isEqualTo("gpt-4o");
        assertThat(llm.tier(ModelTier.LARGE).baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
        assertThat(llm.tier(ModelTier.MEDIUM).provider()).isEqualTo(LlmProvider.BEDROCK);
    }

    @Test
    void incompleteTiersRefuseToStart() {
        assertThatThrownBy(() -> bind(Map.of("aperilex.llm.base-url", "https://api.openai.com/v1",
                "aperilex.llm.tiers.small.provider", "openai", "aperilex.llm.tiers.small.model", "gpt-4o-mini",
                "aperilex.llm.tiers.large.provider", "openai", "aperilex.llm.tiers.large.model", "gpt-4o")))
                .hasStackTraceContaining("aperilex.llm.tiers.medium.provider");
        assertThatThrownBy(() -> bind(Map.of("aperilex.llm.base-url", "https://api.openai.com/v1",
                "aperilex.llm.tiers.small.provider", "openai", "aperilex.llm.tiers.small.model", "gpt-4o-mini",
                "aperilex.llm.tiers.medium.provider", "openai", "aperilex.llm.tiers.medium.model", "gpt-4o-mini",
                "aperilex.llm.tiers.large.provider", "openai")))
                .hasStackTraceContaining("aperilex.llm.tiers.large.model");
        assertThatThrownBy(() -> bind(Map.of(
                "aperilex.llm.tiers.small.provider", "openai", "aperilex.llm.tiers.small.model", "gpt-4o-mini",
                "aperilex.llm.tiers.medium.provider", "openai", "aperilex.llm.tiers.medium.model", "gpt-4o-mini",
                "aperilex.llm.tiers.large.provider", "openai", "aperilex.llm.tiers.large.model", "gpt-4o")))
                .hasStackTraceContaining("base-url");
    }
}
