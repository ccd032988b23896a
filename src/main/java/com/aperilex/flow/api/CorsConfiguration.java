package com.aperilex.flow.api;

import com.aperilex.flow.config.AperilexProperties;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for browser apps on other origins ({@code aperilex.api.cors.*}). A servlet filter ahead of every other
 * (the body limit, Spring Security), so a preflight is answered at once, without authentication, and never
 * reaches a route; a disallowed origin's preflight gets 403 and the browser sends nothing. The source is the
 * bean {@code corsConfigurationSource}, the one Spring Security's {@code cors()} uses too.
 */
@Configuration(proxyBeanMethods = false)
public class CorsConfiguration {
    static final List<String> METHODS = List.of("GET", "POST", "DELETE", "OPTIONS");
    static final List<String> REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Last-Event-ID");
    static final List<String> EXPOSED_HEADERS = List.of("Location", "Retry-After", "RateLimit-Limit",
            "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy");

    @Bean
    CorsConfigurationSource corsConfigurationSource(AperilexProperties properties) {
        AperilexProperties.Cors cors = properties.api().cors();
        org.springframework.web.cors.CorsConfiguration api = new org.springframework.web.cors.CorsConfiguration();
        // Empty: no origin is allowed, so every cross-origin request is refused (same origin only).
        api.setAllowedOrigins(cors.allowedOrigins());
        api.setAllowedMethods(METHODS);
        api.setAllowedHeaders(REQUEST_HEADERS);
        api.setExposedHeaders(EXPOSED_HEADERS);
        // Tokens travel in the Authorization header (or the stream token in the URL), never in cookies.
        api.setAllowCredentials(false);
        api.setMaxAge(cors.maxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", api);
        return source;
    }

    @Bean
    FilterRegistrationBean<CorsFilter> corsFilterRegistration(CorsConfigurationSource corsConfigurationSource) {
        FilterRegistrationBean<CorsFilter> registration =
                new FilterRegistrationBean<>(new CorsFilter(corsConfigurationSource));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/api/*");
        return registration;
    }
}
