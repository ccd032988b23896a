package com.aperilex.flow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** aperilex.api.cors.allowed-origins names origins: '*' (or anything not an origin) stops the service at start. */
class CorsPropertiesTest {

    @Test
    void aWildcardOrANonOriginIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> bind(Map.of("aperilex.api.cors.allowed-origins", "*")))
                .isInstanceOf(BindException.class).rootCause()
                .hasMessageContaining("aperilex.api.cors.allowed-origins must name each origin")
                .hasMessageContaining("would let any web site call the API");
        assertThatThrownBy(() -> bind(Map.of("aperilex.api.cors.allowed-origins", "https://*.example.com")))
                .rootCause().hasMessageContaining("must name each origin");
        assertThatThrownBy(() -> bind(Map.of("aperilex.api.cors.allowed-origins", "https://app.example.com/path")))
                .rootCause().hasMessageContaining("is not an origin");
    }

    @Test
    void originsAreKeptAndNoneMeansSameOriginOnly() {
        AperilexProperties.Cors cors = bind(Map.of("aperilex.api.cors.allowed-origins",
                "https://app.example.com,http://localhost:5173"));
        assertThat(cors.allowedOrigins()).containsExactly("https://app.example.com", "http://localhost:5173");
        assertThat(cors.maxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(new AperilexProperties.Cors(null, Duration.ofHours(1)).allowedOrigins()).isEmpty();
        assertThat(new AperilexProperties.Cors(List.of(), Duration.ofMinutes(5)).allowedOrigins()).isEmpty();
    }

    private static AperilexProperties.Cors bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("aperilex.api.cors", AperilexProperties.Cors.class);
    }
}
