package com.aperilex.flow.servers;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.Headers;

/**
 * A real OIDC provider in-process on 127.0.0.1 (no.nav.security's mock-oauth2-server): discovery document, JWKS
 * and RSA-signed tokens. Tokens are issued for the issuer {@link #ISSUER_ID}; a token "signed by" another key id
 * carries the same issuer but the key of that id, which is how a provider's key rotation looks to the service.
 * The issuer's JWKS publishes the keys of {@link #publish published} key ids (at first {@link #ISSUER_ID}'s only).
 */
public final class TestIdentityProvider implements AutoCloseable {
    public static final String ISSUER_ID = "default";
    public static final String AUDIENCE = "aperilex-flow";

    private final List<String> published = new CopyOnWriteArrayList<>(List.of(ISSUER_ID));
    private final MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(), new PublishedKeys());

    /** The issuer's JWKS: every published key id's public key (the server's own route would serve one). */
    private final class PublishedKeys implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            return request.getUrl().encodedPath().equals("/" + ISSUER_ID + "/jwks");
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            List<JWK> keys = new ArrayList<>();
            for (String keyId : published) {
                keys.addAll(server.getConfig().getTokenProvider().publicJwkSet(keyId).getKeys());
            }
            String body = new JWKSet(keys).toString();
            return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 200, body,
                    body.getBytes(StandardCharsets.UTF_8));
        }
    }

    public TestIdentityProvider() {
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuer as the service is configured with it (and as discovery at 127.0.0.1 names it). */
    public String issuer() {
        return "http://127.0.0.1:" + server.baseUrl().port() + "/" + ISSUER_ID;
    }

    /** A token of this provider's issuer for {@code subject}, with the given extra claims. */
    public String token(String subject, Map<String, Object> claims) {
        return token(ISSUER_ID, subject, AUDIENCE, claims, 3600);
    }

    /** A token for a user with a verified email. */
    public String tokenFor(String subject, String email) {
        return token(subject, Map.of("email", email, "email_verified", true));
    }

    /**
     * @param keyId         whose key signs it (a key id other than {@link #ISSUER_ID}: a key the JWKS does not
     *                      hold until {@link #rotateTo} publishes it)
     * @param expirySeconds negative: expired that long ago
     */
    public String token(String keyId, String subject, String audience, Map<String, Object> claims, long expirySeconds) {
        Map<String, Object> all = new HashMap<>(claims);
        all.putIfAbsent("iss", issuer());
        return server.issueToken(keyId, "aperilex-web", new DefaultOAuth2TokenCallback(keyId, subject, "JWT",
                List.of(audience), all, expirySeconds)).serialize();
    }

    /**
     * The provider rotates its signing key: it publishes the key of {@code keyId} beside the old ones, and signs
     * with it from now on (tokens of {@link #token(String, String, String, Map, long)} with that key id).
     */
    public void publish(String keyId) {
        published.add(keyId);
    }

    /** A token with the claims of {@code genuine}, its header naming the issuer's key id, signed by another key. */
    public static String forged(String genuine) {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID(ISSUER_ID).generate();
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(ISSUER_ID).build(),
                    SignedJWT.parse(genuine).getJWTClaimsSet());
            forged.sign(new RSASSASigner(key));
            return forged.serialize();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
