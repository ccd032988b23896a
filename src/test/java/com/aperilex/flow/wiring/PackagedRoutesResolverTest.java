package com.aperilex.flow.wiring;

import com.aperilex.flow.wiring.PackagedRoutesResolver;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

class PackagedRoutesResolverTest {
    private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

    @Test
    void classpathWildcardsBecomeExactFilesIncludingSubFolders() {
        List<String> files = List.of(PackagedRoutesResolver.resolve("classpath:camel/**/*.yaml", resolver).split(","));

        assertThat(files).contains("classpath:camel/api/submit-analysis.yaml", "classpath:camel/queue/consume-tasks.yaml",
                "classpath:camel/api/api-v1.yaml", "classpath:camel/api/api-problems.yaml");
        assertThat(files).allMatch(f -> !f.contains("*"));
    }

    @Test
    void fileAndExactPatternsPassThrough() {
        String resolved = PackagedRoutesResolver.resolve(
                " classpath:camel/api/submit-analysis.yaml , file:/etc/aperilex/routes/*.yaml,", resolver);

        assertThat(resolved).isEqualTo("classpath:camel/api/submit-analysis.yaml,file:/etc/aperilex/routes/*.yaml");
    }
}
