package com.aperilex.flow.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** aperilex.logging.format picks Spring Boot's console format before logging starts. */
class LogFormatEnvironmentTest {

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new LogFormatEnvironment().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void textIsTheReadablePatternAndTheStructuredFormatsAreBootsOwn() {
        assertThat(environment(Map.of()).getProperty(LogFormatEnvironment.STRUCTURED)).isNull();
        assertThat(environment(Map.of("aperilex.logging.format", "text")).getProperty(LogFormatEnvironment.STRUCTURED))
                .isNull();
        assertThat(environment(Map.of("aperilex.logging.format", "ecs")).getProperty(LogFormatEnvironment.STRUCTURED))
                .isEqualTo("ecs");
        assertThat(environment(Map.of("aperilex.logging.format", "LOGSTASH")).getProperty(LogFormatEnvironment.STRUCTURED))
                .isEqualTo("logstash");
        assertThat(environment(Map.of("aperilex.logging.format", "gelf")).getProperty(LogFormatEnvironment.STRUCTURED))
                .isEqualTo("gelf");
    }

    @Test
    void anExplicitBootSettingIsLeftAlone() {
        assertThat(environment(Map.of("aperilex.logging.format", "ecs", LogFormatEnvironment.STRUCTURED, "logstash"))
                .getProperty(LogFormatEnvironment.STRUCTURED)).isEqualTo("logstash");
    }
}
