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
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import com.aperilex.flow.problem.ProblemType;
import java.io.IOException;

/**
 * CORS for browser apps on other origins ({@code aperilex.api.cors.*}). A servlet filter ahead of every other
 * (the body limit, Spring Security), so a preflight is answered at once, without authentication, and never
 * reaches a route; a disallowed origin's preflight gets 403 and the browser sends nothing. The source is the
 * bean {@code corsConfigurationSource}, the one Spring Security's {@code cors()} uses too.
 */
@Configuration(proxyBeanMethods = false)
public class CorsConfiguration {
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "OPTIONS");
    static final List<String> REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Last-Event-ID",
            RequestIdFilter.HEADER);
    static final List<String> EXPOSED_HEADERS = List.of("Location", "Retry-After", "RateLimit-Limit",
            "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy", RequestIdFilter.HEADER);

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
        CorsFilter filter = new CorsFilter(corsConfigurationSource);
        filter.setCorsProcessor(new ProblemCorsProcessor());
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    /** Spring's CORS checks, with a refusal answered as 403 problem+json like every other error. */
    static final class ProblemCorsProcessor extends DefaultCorsProcessor {
        @Override
        protected void rejectRequest(ServerHttpResponse response) throws IOException {
            if (response instanceof ServletServerHttpResponse servlet) {
                ProblemResponses.write(servlet.getServletResponse(), ProblemType.FORBIDDEN,
                        "This origin may not call the API: it is not in aperilex.api.cors.allowed-origins.", null, false);
                return;
            }
            super.rejectRequest(response);
        }
    }
}
