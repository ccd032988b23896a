package com.aperilex.flow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.TaskId;
import com.aperilex.flow.domain.UserId;
import com.aperilex.flow.secrets.EnvironmentSecretProvider;
import com.aperilex.flow.servers.FreePorts;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** What the security wiring refuses at start, and what it tolerates (an identity provider that is down). */
class SecurityConfigurationTest {
    private final SecurityConfiguration configuration = new SecurityConfiguration();

    private static AperilexProperties properties(Map<String, String> values) {
        Map<String, String> all = new java.util.HashMap<>(values);
        all.put("aperilex.edgar.user-agent", "Aperilex Tests tests@aperilex.com");
        return new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("aperilex", AperilexProperties.class);
    }

    private JwtDecoder decoder(Map<String, String> values) {
        AperilexProperties properties = properties(values);
        return configuration.jwtDecoder(properties, configuration.identityClaims(properties));
    }

    @Test
    void modeJwtIsTheDefaultAndNeedsAnIssuerOrKeySetAndAnAudience() {
        assertThat(properties(Map.of()).auth().mode()).isEqualTo(AperilexProperties.AuthMode.JWT);
        assertThatThrownBy(() -> decoder(Map.of("aperilex.auth.audience", "a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("aperilex.auth.issuer-uri").hasMessageContaining("aperilex.auth.jwk-set-uri");
        assertThatThrownBy(() -> decoder(Map.of("aperilex.auth.issuer-uri", "https://idp.example.com")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("aperilex.auth.audience");
    }

    @Test
    void theServiceStartsWhileTheIdentityProviderIsDownAndTokensAreThenNotItsFault() {
        String down = "http://127.0.0.1:" + FreePorts.loopback() + "/issuer";
        JwtDecoder decoder = decoder(Map.of("aperilex.auth.issuer-uri", down, "aperilex.auth.audience", "a"));

        // Discovery is tried at the first token, and its failure is a JwtException (answered 503), not an error.
        assertThatThrownBy(() -> decoder.decode("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")).isInstanceOf(JwtException.class);
    }

    @Test
    void theStreamTokenKeyIsRequiredOutsideDevAndMustBeLongEnough() {
        AperilexProperties properties = properties(Map.of());
        MockEnvironment local = new MockEnvironment();
        local.setActiveProfiles("local");
        assertThatThrownBy(() -> configuration.streamTokens(properties, new EnvironmentSecretProvider(local), local))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("APERILEX_EVENTS_TOKEN_KEY");
        local.setProperty("APERILEX_EVENTS_TOKEN_KEY", "too-short");
        assertThatThrownBy(() -> configuration.streamTokens(properties, new EnvironmentSecretProvider(local), local))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least 32 bytes");

        MockEnvironment dev = new MockEnvironment();
        dev.setActiveProfiles("dev");
        StreamTokens generated = configuration.streamTokens(properties, new EnvironmentSecretProvider(dev), dev);
        UserId user = UserId.random();
        TaskId task = TaskId.random();
        assertThat(generated.verify(generated.sign(user, task, Instant.now()), task, Instant.now())).contains(user);
    }

    @Test
    void modeNoneIsRefusedOutsideDevUnlessAllowedExplicitly() {
        MockEnvironment local = new MockEnvironment();
        local.setActiveProfiles("local");
        MockEnvironment dev = new MockEnvironment();
        dev.setActiveProfiles("dev");
        AperilexProperties.Auth none = properties(Map.of("aperilex.auth.mode", "none")).auth();
        AperilexProperties.Auth allowed = properties(Map.of("aperilex.auth.mode", "none",
                "aperilex.auth.allow-insecure", "true")).auth();

        assertThatThrownBy(() -> SecurityConfiguration.requireAuthenticationOutsideDev(none, local))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("aperilex.auth.allow-insecure");
        SecurityConfiguration.requireAuthenticationOutsideDev(none, dev);
        SecurityConfiguration.requireAuthenticationOutsideDev(allowed, local);
        SecurityConfiguration.requireAuthenticationOutsideDev(properties(Map.of()).auth(), local);
    }

    @Test
    void aKeyThatGoesMissingOutsideDevStopsTokensInsteadOfSigningWithAnotherKey() {
        AperilexProperties properties = properties(Map.of());
        MockEnvironment local = new MockEnvironment();
        local.setActiveProfiles("local");
        local.setProperty("APERILEX_EVENTS_TOKEN_KEY", "k".repeat(40));
        StreamTokens tokens = configuration.streamTokens(properties, new EnvironmentSecretProvider(local), local);
        UserId user = UserId.random();
        TaskId task = TaskId.random();
        String token = tokens.sign(user, task, Instant.now());

        assertThat(tokens.verify(token, task, Instant.now())).contains(user);

        // The secret is emptied (or unreadable): no token is signed or accepted with some other key.
        local.setProperty("APERILEX_EVENTS_TOKEN_KEY", "");
        assertThatThrownBy(() -> tokens.sign(user, task, Instant.now()))
                .isInstanceOf(StreamTokens.KeyUnavailableException.class);
        assertThatThrownBy(() -> tokens.verify(token, task, Instant.now()))
                .isInstanceOf(StreamTokens.KeyUnavailableException.class);
    }
}
