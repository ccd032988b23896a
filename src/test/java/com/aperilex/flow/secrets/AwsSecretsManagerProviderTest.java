package com.aperilex.flow.secrets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.stubs.AwsStub;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The Secrets Manager provider against GetSecretValue in its wire format: JSON fields, caching, rotation, absence. */
class AwsSecretsManagerProviderTest {
    private AwsStub aws;
    private AwsSecretsManagerProvider provider;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T00:00:00Z"));

    @BeforeEach
    void start() {
        aws = new AwsStub();
        SecretsManagerClient client = SecretsManagerClient.builder().endpointOverride(URI.create(aws.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))).build();
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        provider = new AwsSecretsManagerProvider(client, Duration.ofMinutes(5), clock);
    }

    @AfterEach
    void stop() {
        provider.close();
        aws.stop();
    }

    @Test
    void readsPlainSecretsAndFieldsOfJsonSecrets() {
        aws.secret("aperilex/llm-api-key", "sk-live-123");
        aws.secret("aperilex/database", "{\"username\":\"aperilex\",\"password\":\"pw-1\",\"port\":5432}");

        assertThat(provider.secret("aperilex/llm-api-key")).contains("sk-live-123");
        assertThat(provider.secret("aperilex/database#password")).contains("pw-1");
        assertThat(provider.secret("aperilex/database#port")).contains("5432");
        assertThat(provider.secret("aperilex/database#missing")).isEmpty();
    }

    @Test
    void keepsAValueForTheCacheTtlThenPicksUpARotation() {
        aws.secret("aperilex/database", "{\"password\":\"before\"}");
        assertThat(provider.secret("aperilex/database#password")).contains("before");
        aws.secret("aperilex/database", "{\"password\":\"after\"}");

        now.set(now.get().plus(Duration.ofMinutes(4)));
        assertThat(provider.secret("aperilex/database#password")).contains("before");
        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertThat(provider.secret("aperilex/database#password")).contains("after");
        aws.server().verify(2, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue")));
    }

    @Test
    void anUnknownSecretIsEmptyAndANonJsonSecretHasNoFields() {
        aws.server().stubFor(post(urlEqualTo("/")).atPriority(10)
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ResourceNotFoundException\","
                                + "\"Message\":\"Secrets Manager can't find the specified secret.\"}")));
        aws.secret("aperilex/plain", "not-json-value-xyz");

        assertThat(provider.secret("aperilex/nothing-here")).isEmpty();
        assertThatThrownBy(() -> provider.secret("aperilex/plain#password"))
                .hasMessageContaining("not a JSON object").hasMessageNotContaining("not-json-value-xyz");
    }
}
