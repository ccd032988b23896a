package com.aperilex.flow.wiring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Turns {@code aperilex.routes.include-pattern} into the list Camel loads. Camel's own resolution of a
 * {@code classpath:} wildcard walks every nested jar of the Spring Boot fat jar (about 4 s of start-up
 * here) and mis-resolves files in sub-folders; Spring's resolver looks only under the application's
 * own classes. So each {@code classpath:} pattern is expanded here into exact file names, while
 * {@code file:} patterns (a deployment's extra route directory) pass through to Camel unchanged.
 */
public class PackagedRoutesResolver implements EnvironmentPostProcessor, Ordered {
    static final String PATTERN_PROPERTY = "aperilex.routes.include-pattern";
    static final String CAMEL_PROPERTY = "camel.main.routes-include-pattern";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String patterns = environment.getProperty(PATTERN_PROPERTY);
        if (patterns == null || patterns.isBlank()) {
            return;
        }
        String resolved = resolve(patterns, new PathMatchingResourcePatternResolver(application.getClassLoader()));
        environment.getPropertySources().addFirst(new MapPropertySource("aperilex-resolved-routes",
                Map.of(CAMEL_PROPERTY, resolved)));
    }

    static String resolve(String patterns, PathMatchingResourcePatternResolver resolver) {
        List<String> locations = new ArrayList<>();
        for (String pattern : Arrays.stream(patterns.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList()) {
            if (pattern.startsWith("classpath:") && (pattern.contains("*") || pattern.contains("?"))) {
                locations.addAll(expand(pattern, resolver));
            } else {
                locations.add(pattern);
            }
        }
        return String.join(",", locations);
    }

    private static List<String> expand(String pattern, PathMatchingResourcePatternResolver resolver) {
        String path = pattern.substring("classpath:".length());
        int wildcard = path.indexOf('*') >= 0 ? path.indexOf('*') : path.indexOf('?');
        String rootDir = path.substring(0, path.lastIndexOf('/', wildcard) + 1);
        try {
            String rootUrl = resolver.getResource("classpath:" + rootDir).getURL().toString();
            List<String> files = new ArrayList<>();
            for (Resource resource : resolver.getResources(pattern)) {
                String url = resource.getURL().toString();
                if (resource.isReadable() && url.startsWith(rootUrl)) {
                    files.add("classpath:" + rootDir + url.substring(rootUrl.length()));
                }
            }
            files.sort(String::compareTo);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list routes matching " + pattern, e);
        }
    }

    @Override
    public int getOrder() {
        // After application.yaml and the environment have been read.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
