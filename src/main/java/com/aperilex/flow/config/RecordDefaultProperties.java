package com.aperilex.flow.config;

import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.DefaultPropertiesPropertySource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Publishes the {@code @DefaultValue}s of the configuration records into the Spring Environment, as its
 * lowest-precedence property source. The records bind their defaults without it; what it adds is that a
 * route placeholder ({@code {{aperilex.analysis.version}}}, in a packaged route or in one a deployment adds)
 * sees a default like any other property, so the records stay the one definition of each default.
 * Every YAML file, environment variable and command-line argument outranks it.
 */
public class RecordDefaultProperties implements EnvironmentPostProcessor, Ordered {
    public static final String SOURCE_NAME = "aperilex-record-defaults";

    /** Property prefix of each configuration record. */
    private static final Map<String, Class<? extends Record>> RECORDS =
            Map.of("aperilex", AperilexProperties.class, "aperilex.dev", DevProperties.class);

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults()));
        // Spring Boot's own defaultProperties stay the very last source.
        DefaultPropertiesPropertySource.moveToEnd(environment);
    }

    /** Every default the records declare, by property name ({@code aperilex.queue.dedup-window} = {@code 24h}). */
    public static Map<String, Object> defaults() {
        Map<String, Object> defaults = new TreeMap<>();
        RECORDS.forEach((prefix, type) -> collect(prefix, type, defaults));
        return Collections.unmodifiableMap(defaults);
    }

    private static void collect(String prefix, Class<?> type, Map<String, Object> defaults) {
        RecordComponent[] components = type.getRecordComponents();
        Parameter[] parameters;
        try {
            // @DefaultValue targets the canonical constructor's parameters.
            parameters = type.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new)).getParameters();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
        }
        for (int i = 0; i < components.length; i++) {
            String name = prefix + "." + kebab(components[i].getName());
            if (components[i].getType().isRecord()) {
                collect(name, components[i].getType(), defaults);
                continue;
            }
            DefaultValue value = parameters[i].getAnnotation(DefaultValue.class);
            if (value != null) {
                defaults.put(name, String.join(",", value.value()));
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** After the configuration files are read; where it sits among the sources is fixed by addLast. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 20;
    }
}
