package com.aperilex.flow.accounts;

import com.aperilex.flow.ServiceTestSupport;
import com.aperilex.flow.servers.TestIdentityProvider;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The accounts API tests' service: auth mode jwt against one real OIDC provider, new users BASIC, no worker. The
 * classes extending it share one Spring context (and so one provider, which lives as long as the JVM: closing it
 * after one class would strand the next class's cached context).
 */
abstract class JwtAccountsTestSupport extends ServiceTestSupport {
    static final TestIdentityProvider IDP = new TestIdentityProvider();
    static final String ADMIN_EMAIL = "accounts-admin@example.com";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(IDP::close, "test-identity-provider-stop"));
    }

    @DynamicPropertySource
    static void jwt(DynamicPropertyRegistry registry) {
        registry.add("aperilex.auth.mode", () -> "jwt");
        registry.add("aperilex.auth.issuer-uri", IDP::issuer);
        registry.add("aperilex.auth.audience", () -> TestIdentityProvider.AUDIENCE);
        registry.add("aperilex.auth.admin-emails", () -> ADMIN_EMAIL);
        registry.add("aperilex.accounts.default-tier", () -> "BASIC");
        registry.add("aperilex.worker.enabled", () -> "false");
    }

    /** A token of a user nobody else in the run has. */
    static String newUserToken() {
        String id = UUID.randomUUID().toString();
        return IDP.tokenFor("user-" + id, "user-" + id + "@example.com");
    }

    /** A token of an administrator (a new subject each time, the administrators' email). */
    static String adminToken() {
        return IDP.tokenFor("admin-" + UUID.randomUUID(), ADMIN_EMAIL);
    }
}
