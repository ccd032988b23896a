package com.aperilex.flow.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Secrets from AWS Secrets Manager. A name may pick one field of a JSON secret with {@code #}, as in
 * {@code aperilex/aurora#password} for the secret RDS manages for Aurora. Values are kept for the cache
 * TTL, then read again, so a rotation is picked up without a restart. Values never reach a log or an
 * exception message.
 */
public final class AwsSecretsManagerProvider implements SecretProvider, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient client;
    private final Duration cacheTtl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<String> value, Instant readAt) {
    }

    public AwsSecretsManagerProvider(SecretsManagerClient client, Duration cacheTtl, Clock clock) {
        this.client = client;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    @Override
    public Optional<String> secret(String name) {
        Instant now = clock.instant();
        Cached cached = cache.get(name);
        if (cached != null && cached.readAt().plus(cacheTtl).isAfter(now)) {
            return cached.value();
        }
        Optional<String> value = read(name);
        cache.put(name, new Cached(value, now));
        return value;
    }

    /** A login failed with the cached value: it was rotated before the cache TTL ran out. */
    @Override
    public void invalidate(String name) {
        cache.remove(name);
    }

    private Optional<String> read(String name) {
        int hash = name.indexOf('#');
        String secretId = hash < 0 ? name : name.substring(0, hash);
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(b -> b.secretId(secretId));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
        String value = response.secretString();
        if (value == null || hash < 0) {
            return Optional.ofNullable(value).filter(v -> !v.isBlank());
        }
        String field = name.substring(hash + 1);
        try {
            JsonNode node = JSON.readTree(value).get(field);
            return Optional.ofNullable(node).filter(JsonNode::isValueNode).map(JsonNode::asText).filter(v -> !v.isBlank());
        } catch (IOException e) {
            // The parser's message would quote the secret: say only what is wrong.
            throw new IllegalStateException("secret " + secretId + " is not a JSON object, so it has no field " + field);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
