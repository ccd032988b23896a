package com.aperilex.flow.security;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.ApiLinks;
import com.aperilex.flow.persistence.Users;
import com.aperilex.flow.secrets.SecretProvider;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The service's one security filter chain: stateless, bearer tokens only (no sessions, so no CSRF), CORS by
 * whatever CorsConfigurationSource the application defines (none: Spring MVC's, i.e. same-origin only), and
 * Spring Security's default headers (nosniff, Cache-Control no-store, HSTS on secure requests).
 *
 * <p>Mode jwt: every {@code /api/v1} call needs a valid token, except the OpenAPI document and the event
 * stream, which checks a stream token or the bearer token itself (TaskEventsController). Actuator and the rest
 * stay open, so probes need no token (the chart serves actuator on a port the Ingress does not route). Refused
 * tokens are 401 problem+json with {@code WWW-Authenticate}; an identity provider that cannot be reached is 503.
 * Mode none: everything is let through, and the caller is the body's email (see CallerFilter).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    IdentityClaims identityClaims(AperilexProperties properties) {
        AperilexProperties.Auth auth = properties.auth();
        return new IdentityClaims(new IdentityClaims.Settings(auth.subjectClaim(), auth.emailClaim(),
                auth.emailVerifiedClaim(), auth.adminClaim(), auth.adminClaimValue(), auth.adminEmails()));
    }

    @Bean
    SecurityProblems securityProblemResponses(ObjectMapper json) {
        return new SecurityProblems(json);
    }

    /**
     * Stream tokens signed with the secret {@code aperilex.events.token-secret} names, read at each use so a
     * rotation takes effect without a restart. Required at start, except on dev, where an unset secret is
     * replaced by a random key (tokens then do not survive a restart, nor work across replicas).
     */
    @Bean
    StreamTokens streamTokens(AperilexProperties properties, SecretProvider secrets, Environment environment) {
        AperilexProperties.Events events = properties.events();
        String name = events.tokenSecret();
        Optional<String> configured = secrets.secret(name);
        if (configured.isEmpty() && !environment.matchesProfiles("dev")) {
            throw new IllegalStateException("The stream-token key is not set: set the secret " + name
                    + " (aperilex.events.token-secret names it) to at least " + StreamTokens.MIN_KEY_BYTES
                    + " random characters");
        }
        configured.ifPresent(key -> requireLongEnough(name, key));
        // Only dev may sign with a key of its own: elsewhere a key that goes missing later must fail loudly,
        // not quietly sign tokens no other replica accepts.
        byte[] generated;
        if (configured.isEmpty()) {
            generated = new byte[StreamTokens.MIN_KEY_BYTES];
            new SecureRandom().nextBytes(generated);
            LOG.info("Secret {} is unset: stream tokens are signed with a key made at start (dev only)", name);
        } else {
            generated = null;
        }
        return new StreamTokens(() -> currentKey(secrets, name, generated), events.tokenTtl());
    }

    private static byte[] currentKey(SecretProvider secrets, String name, byte[] generated) {
        Optional<String> key;
        try {
            key = secrets.secret(name);
        } catch (RuntimeException e) {
            throw new StreamTokens.KeyUnavailableException("the secret " + name + " cannot be read", e);
        }
        if (key.isPresent()) {
            String value = key.get();
            if (value.getBytes(StandardCharsets.UTF_8).length < StreamTokens.MIN_KEY_BYTES) {
                throw new StreamTokens.KeyUnavailableException("the secret " + name + " is shorter than "
                        + StreamTokens.MIN_KEY_BYTES + " bytes");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }
        if (generated == null) {
            throw new StreamTokens.KeyUnavailableException("the secret " + name + " is no longer set");
        }
        return generated;
    }

    private static String requireLongEnough(String name, String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length < StreamTokens.MIN_KEY_BYTES) {
            throw new IllegalStateException("The secret " + name + " must be at least " + StreamTokens.MIN_KEY_BYTES
                    + " bytes long");
        }
        return key;
    }

    /**
     * Validates tokens by the provider's keys: from {@code jwk-set-uri}, or found by OIDC discovery from
     * {@code issuer-uri} at the first token (so the service starts while the provider is briefly down). Nimbus
     * fetches the key set again when a token names a key id it does not hold, so key rotation needs nothing.
     */
    @Bean
    @ConditionalOnProperty(name = "aperilex.auth.mode", havingValue = "jwt", matchIfMissing = true)
    JwtDecoder jwtDecoder(AperilexProperties properties, IdentityClaims claims) {
        AperilexProperties.Auth auth = properties.auth();
        if (auth.issuerUri() == null && auth.jwkSetUri() == null) {
            throw new IllegalStateException("aperilex.auth.mode is jwt but neither aperilex.auth.issuer-uri nor "
                    + "aperilex.auth.jwk-set-uri is set: name the identity provider (or set aperilex.auth.mode=none on dev)");
        }
        if (auth.audience() == null || auth.audience().isBlank()) {
            throw new IllegalStateException("aperilex.auth.mode is jwt but aperilex.auth.audience is not set: "
                    + "name the audience this service's tokens are issued for");
        }
        String issuer = auth.issuerUri() == null ? null : auth.issuerUri().toString();
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                issuer == null ? JwtValidators.createDefault() : JwtValidators.createDefaultWithIssuer(issuer),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        audiences -> audiences != null && audiences.contains(auth.audience())),
                new TokenIdentityValidator(claims));
        if (auth.jwkSetUri() != null) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(auth.jwkSetUri().toString()).build();
            decoder.setJwtValidator(validator);
            return decoder;
        }
        JwtDecoder discovered = new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = JwtDecoders.fromIssuerLocation(issuer);
            decoder.setJwtValidator(validator);
            return decoder;
        });
        return token -> {
            try {
                return discovered.decode(token);
            } catch (JwtDecoderInitializationException e) {
                // Not the token's fault: answered 503, and tried again at the next token.
                throw new JwtException("the identity provider's discovery document is unavailable: " + e.getMessage(), e);
            }
        };
    }

    /** Mode none trusts whatever email a caller sends: outside dev only when asked for explicitly. */
    static void requireAuthenticationOutsideDev(AperilexProperties.Auth auth, Environment environment) {
        if (auth.mode() == AperilexProperties.AuthMode.NONE && !environment.matchesProfiles("dev")
                && !auth.allowInsecure()) {
            throw new IllegalStateException("aperilex.auth.mode is none outside the dev profile: every caller would be "
                    + "trusted by the email they send. Set aperilex.auth.mode=jwt, or aperilex.auth.allow-insecure=true "
                    + "to run unauthenticated deliberately");
        }
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, AperilexProperties properties, IdentityClaims claims,
                                    Users users, SecurityProblems problems, ObjectProvider<JwtDecoder> decoder,
                                    Environment environment) throws Exception {
        AperilexProperties.Auth auth = properties.auth();
        boolean tokens = auth.mode() == AperilexProperties.AuthMode.JWT;
        requireAuthenticationOutsideDev(auth, environment);
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            String error = e instanceof OAuth2AuthenticationException o ? o.getError().getErrorCode() : null;
            if (error == null) {
                LOG.debug("No bearer token on {} {}", request.getMethod(), request.getRequestURI());
            } else {
                LOG.info("Refused a bearer token on {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            }
            problems.unauthenticated(request, response, error);
        };
        AccessDeniedHandler denied = (request, response, e) -> {
            LOG.info("Access denied on {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            problems.forbidden(request, response);
        };

        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .cors(Customizer.withDefaults())
                .headers(Customizer.withDefaults())
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .addFilterAfter(new CallerFilter(tokens, claims, users, problems), BearerTokenAuthenticationFilter.class);

        if (!tokens) {
            LOG.warn("aperilex.auth.mode is none: callers are NOT authenticated, the request body's email is "
                    + "trusted as the identity and every task can be read. Use it on dev only.");
            http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
            return http.build();
        }
        JwtAuthenticationConverter principal = new JwtAuthenticationConverter();
        principal.setPrincipalClaimName(auth.subjectClaim());
        http.authorizeHttpRequests(a -> a
                        // Authorised on the request's first dispatch; async (streams, long-polls) and error
                        // dispatches carry no token of their own.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.GET, ApiLinks.BASE + "/openapi.json").permitAll()
                        // The stream takes a stream token (EventSource sends no header) or a bearer token.
                        .requestMatchers(HttpMethod.GET, ApiLinks.BASE + "/tasks/*/events").permitAll()
                        .requestMatchers(HttpMethod.GET, ApiLinks.BASE + "/imports/*/events").permitAll()
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().permitAll())
                .oauth2ResourceServer(o -> o
                        .jwt(j -> j.decoder(decoder.getObject()).jwtAuthenticationConverter(principal))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied)
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler((request, response, e) -> {
                                    if (e instanceof AuthenticationServiceException) {
                                        // The keys could not be fetched: the provider is down, the token may be fine.
                                        LOG.warn("Cannot validate a bearer token on {} {}: {}", request.getMethod(),
                                                request.getRequestURI(), e.getMessage());
                                        problems.unavailable(request, response);
                                    } else {
                                        unauthenticated.commence(request, response, e);
                                    }
                                });
                                return filter;
                            }
                        }));
        return http.build();
    }
}
