package com.aperilex.flow.secrets;

import java.util.Optional;

/**
 * Where secrets come from: the environment or a .env file in dev and local, AWS Secrets Manager on aws.
 * Read at the moment of use, so a rotated secret is picked up without a restart.
 */
public interface SecretProvider {

    /** The secret's current value, or empty when it is not set. */
    Optional<String> secret(String name);

    /**
     * The value last read for {@code name} is known to be stale (a login with it failed: the secret was rotated),
     * so the next {@link #secret} reads it from the source. Providers that cache nothing ignore it.
     */
    default void invalidate(String name) {
    }
}
