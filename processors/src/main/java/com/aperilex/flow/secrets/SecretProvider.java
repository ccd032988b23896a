package com.aperilex.flow.secrets;

import java.util.Optional;

/**
 * Where secrets come from: the environment or a .env file in dev and local, AWS Secrets Manager on aws.
 * Read at the moment of use, so a rotated secret is picked up without a restart.
 */
public interface SecretProvider {

    /** The secret's current value, or empty when it is not set. */
    Optional<String> secret(String name);
}
