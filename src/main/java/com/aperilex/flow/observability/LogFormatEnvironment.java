package com.aperilex.flow.observability;

import com.aperilex.flow.config.AperilexProperties.LogFormat;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code aperilex.logging.format} into Spring Boot's {@code logging.structured.format.console} before
 * logging starts: {@code text} leaves the readable pattern, {@code ecs}, {@code logstash} and {@code gelf} make
 * every console line one JSON object with the MDC's taskId, userId, traceId and spanId as fields. Runs after
 * the profile files are read, so a profile's {@code aperilex.logging.format} counts; an explicit
 * {@code logging.structured.format.console} is left as it is.
 */
public class LogFormatEnvironment implements EnvironmentPostProcessor, Ordered {
    static final String STRUCTURED = "logging.structured.format.console";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(STRUCTURED)) {
            return;
        }
        LogFormat format = Binder.get(environment).bind("aperilex.logging.format", LogFormat.class)
                .orElse(LogFormat.TEXT);
        if (format != LogFormat.TEXT) {
            environment.getPropertySources().addLast(new MapPropertySource("aperilexLogFormat",
                    Map.of(STRUCTURED, format.name().toLowerCase(Locale.ROOT))));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}
