package com.aperilex.flow.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** SEC fair access: the service does not start without a declared "Company Name contact@email". */
class RequiredUserAgentTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AperilexProperties.class)
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
                    ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class)
            // The service's own configuration files, with the user agent the test files set taken away.
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withPropertyValues("aperilex.edgar.user-agent=");

    @Test
    void refusesToStartWithoutOne() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("aperilex.edgar.user-agent is required by SEC fair access");
        });
    }

    @Test
    void refusesAPlaceholderAddress() {
        runner.withPropertyValues("aperilex.edgar.user-agent=Acme Corp admin@example.com").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("example.com");
        });
    }

    @Test
    void startsWithADeclaredOne() {
        runner.withPropertyValues("aperilex.edgar.user-agent=Aperilex Research ops@aperilex.com").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(AperilexProperties.class).edgar().maxRequestsPerSecond()).isEqualTo(8);
        });
    }
}
