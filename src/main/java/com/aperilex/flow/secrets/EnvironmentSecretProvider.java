package com.aperilex.flow.secrets;

import java.util.Optional;
import org.springframework.core.env.Environment;

/** Secrets from the Spring environment: environment variables, system properties, config files. */
public class EnvironmentSecretProvider implements SecretProvider {
    private final Environment environment;

    public EnvironmentSecretProvider(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Optional<String> secret(String name) {
        return Optional.ofNullable(environment.getProperty(name)).filter(value -> !value.isBlank());
    }
}
