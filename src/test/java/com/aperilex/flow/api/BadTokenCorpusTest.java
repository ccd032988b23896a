package com.aperilex.flow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.servers.TestIdentityProvider;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The corpus's {@code authCases} in auth mode jwt, against a real OIDC provider in-process: bad, foreign and
 * forged tokens, and valid tokens with bad requests. Every answer is a 4xx problem and nothing is written; the
 * one user row a valid token makes on first sight is made before the state is taken.
 */
class BadTokenCorpusTest extends BadInputCorpusTest {
    private static final TestIdentityProvider IDP = new TestIdentityProvider();
    private static final TestIdentityProvider FOREIGN = new TestIdentityProvider();
    private static final String SUBJECT = "corpus-user";
    private static final String EMAIL = "corpus-user@example.com";

    @DynamicPropertySource
    static void jwt(DynamicPropertyRegistry registry) {
        registry.add("aperilex.auth.mode", () -> "jwt");
        registry.add("aperilex.auth.issuer-uri", IDP::issuer);
        registry.add("aperilex.auth.audience", () -> TestIdentityProvider.AUDIENCE);
    }

    @AfterAll
    static void stopProviders() {
        IDP.close();
        FOREIGN.close();
    }

    @Override
    protected String section() {
        return "authCases";
    }

    @Override
    protected int minimumCases() {
        return 30;
    }

    /** The valid token's user is seen once first: first sight of a real identity is not what is tested here. */
    @Override
    protected void beforeCorpus() {
        Reply seen = send(HttpRequest.newBuilder(uri("/api/v1/tasks/6f0c3a54-6d3b-4a52-9d7e-2f1c5e8b9a00"))
                .header("Authorization", "Bearer " + token("valid")).GET().build());
        assertThat(seen.status()).isEqualTo(404);
    }

    @Override
    protected String authorization(JsonNode auth) {
        if (auth != null && auth.has("token")) {
            return "Bearer " + token(auth.get("token").asText());
        }
        return super.authorization(auth);
    }

    private static String token(String kind) {
        return switch (kind) {
            case "valid" -> IDP.tokenFor(SUBJECT, EMAIL);
            case "expired" -> IDP.token(TestIdentityProvider.ISSUER_ID, SUBJECT, TestIdentityProvider.AUDIENCE,
                    Map.of("email", EMAIL, "email_verified", true), -600);
            case "wrong-audience" -> IDP.token(TestIdentityProvider.ISSUER_ID, SUBJECT, "someone-else",
                    Map.of("email", EMAIL), 3600);
            case "foreign-issuer" -> FOREIGN.token(TestIdentityProvider.ISSUER_ID, SUBJECT, TestIdentityProvider.AUDIENCE,
                    Map.of("iss", FOREIGN.issuer(), "email", EMAIL), 3600);
            case "wrongly-signed" -> TestIdentityProvider.forged(IDP.tokenFor(SUBJECT, EMAIL));
            case "unsigned" -> Base64.getUrlEncoder().withoutPadding()
                    .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + IDP.tokenFor(SUBJECT, EMAIL).split("\\.")[1] + ".";
            case "unverified-email" -> IDP.token(SUBJECT, Map.of("email", EMAIL, "email_verified", false));
            // Signed by a key the provider has but never published in its JWKS.
            case "unknown-key" -> IDP.token("never-published", SUBJECT, TestIdentityProvider.AUDIENCE,
                    Map.of("email", EMAIL), 3600);
            default -> throw new AssertionError("unknown token kind " + kind);
        };
    }
}
