package com.aperilex.flow.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.persistence.Users;
import com.aperilex.flow.servers.FreePorts;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The caller filter when the database holding the users cannot be reached: 503 with Retry-After, not a 500. */
class CallerFilterTest {
    private final ObjectMapper json = new ObjectMapper();
    private final IdentityClaims claims = new IdentityClaims(new IdentityClaims.Settings("sub", "email",
            "email_verified", "groups", "aperilex-admin", List.of()));

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void anUnreachableDatabaseIs503WithRetryAfter() throws Exception {
        // A PostgreSQL port nothing listens on.
        DriverManagerDataSource down = new DriverManagerDataSource(
                "jdbc:postgresql://127.0.0.1:" + FreePorts.loopback() + "/aperilex?connectTimeout=1", "postgres", "");
        AperilexProperties defaults = new Binder(new MapConfigurationPropertySource(
                Map.of("aperilex.edgar.user-agent", "Aperilex Flow Tests flow-tests@aperilex.com",
                        "aperilex.accounts.default-tier", "DEMO")))
                .bindOrCreate("aperilex", AperilexProperties.class);
        CallerFilter filter = new CallerFilter(true, claims, new Users(new JdbcTemplate(down), defaults, Clock.systemUTC()),
                new SecurityProblems(json));
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("user-1").claim("email", "a@example.com")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/tasks/x");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo(SecurityProblems.RETRY_AFTER_SECONDS);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(json.readTree(response.getContentAsByteArray()).get("type").asText()).endsWith("service-unavailable");
        assertThat(response.getContentAsString()).doesNotContain("127.0.0.1", "jdbc", "postgresql");
        assertThat(chain.getRequest()).as("the request went no further").isNull();
        assertThat(request.getAttribute(Caller.REQUEST_ATTRIBUTE)).isNull();
    }

    @Test
    void modeNoneReadsAreTheAnonymousAdministratorAndPostsWaitForTheBody() throws Exception {
        CallerFilter filter = new CallerFilter(false, claims, null, new SecurityProblems(json));
        MockHttpServletRequest read = new MockHttpServletRequest("GET", "/api/v1/tasks/x");
        filter.doFilter(read, new MockHttpServletResponse(), new MockFilterChain());
        assertThat(read.getAttribute(Caller.REQUEST_ATTRIBUTE)).isEqualTo(CallerFilter.ANONYMOUS);
        assertThat(CallerFilter.ANONYMOUS.admin()).isTrue();

        MockHttpServletRequest submit = new MockHttpServletRequest("POST", "/api/v1/analyses");
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(submit, new MockHttpServletResponse(), chain);
        assertThat(submit.getAttribute(Caller.REQUEST_ATTRIBUTE)).isNull();
        assertThat(chain.getRequest()).isNotNull();
    }
}
