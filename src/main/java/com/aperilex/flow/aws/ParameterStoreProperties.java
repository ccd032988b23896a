package com.aperilex.flow.aws;

import com.aperilex.flow.config.AperilexProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest;

/**
 * Optional configuration from AWS Systems Manager Parameter Store. With
 * {@code aperilex.config.parameter-store-path=/aperilex/prod/} every parameter under that path becomes a
 * property: {@code /aperilex/prod/aperilex/llm/model} is {@code aperilex.llm.model}. Parameters outrank
 * the application's YAML files; environment variables and command-line arguments outrank parameters.
 * A configured path that cannot be read stops the start: running on half a configuration is worse.
 */
public class ParameterStoreProperties implements EnvironmentPostProcessor, Ordered {
    public static final String PATH_PROPERTY = "aperilex.config.parameter-store-path";
    public static final String SOURCE_NAME = "aws-parameter-store";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String path = environment.getProperty(PATH_PROPERTY, "");
        if (path.isBlank()) {
            return;
        }
        String prefix = path.endsWith("/") ? path : path + "/";
        // The record's own defaults when nothing is set (its region, us-east-1).
        AperilexProperties.Aws aws = Binder.get(environment).bindOrCreate("aperilex.aws", AperilexProperties.Aws.class);
        Map<String, Object> properties = new LinkedHashMap<>();
        try (SsmClient ssm = new AwsClientFactory(aws).build(SsmClient.builder(), AwsClientFactory.SSM)) {
            GetParametersByPathRequest request = GetParametersByPathRequest.builder()
                    .path(prefix).recursive(true).withDecryption(true).build();
            ssm.getParametersByPathPaginator(request).stream().flatMap(page -> page.parameters().stream())
                    .forEach(parameter -> properties.put(
                            parameter.name().substring(prefix.length()).replace('/', '.'), parameter.value()));
        }
        MapPropertySource source = new MapPropertySource(SOURCE_NAME, properties);
        if (environment.getPropertySources().contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            environment.getPropertySources().addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
        } else {
            environment.getPropertySources().addLast(source);
        }
    }

    /** After the application's config files are loaded, so the path and AWS settings can live there. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}
