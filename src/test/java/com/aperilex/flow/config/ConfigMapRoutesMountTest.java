package com.aperilex.flow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Route files mounted from a ConfigMap, laid out as the kubelet lays them out (each file a symlink into
 * ..data, itself a symlink to a timestamped directory), load once with the Helm chart's pattern.
 */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "aperilex.dev.postgres-data-directory=target/test-data/${random.uuid}/postgres",
        "aperilex.storage.local-directory=target/test-data/${random.uuid}/storage",
        "aperilex.routes.include-pattern=classpath:camel/**/*.yaml,file:" + ConfigMapRoutesMountTest.MOUNT + "/*.yaml"
})
class ConfigMapRoutesMountTest {
    static final String MOUNT = "target/test-data/configmap-routes";

    static {
        try {
            Path mount = Path.of(MOUNT);
            if (!Files.exists(mount.resolve("..data"))) {
                Path version = Files.createDirectories(mount.resolve("..2026_11_22_01_00_00.000000001"));
                Files.copy(Path.of("target/test-classes/extra-routes/extra-probe.yaml"), version.resolve("extra-probe.yaml"));
                Files.createSymbolicLink(mount.resolve("..data"), version.getFileName());
                Files.createSymbolicLink(mount.resolve("extra-probe.yaml"), Path.of("..data", "extra-probe.yaml"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Test
    void mountedRoutesLoadOnceBesideThePackagedOnes() {
        assertThat(camel.getRoute("consume-tasks-highest")).isNotNull();
        assertThat(camel.getRoute("extra-probe")).isNotNull();
        assertThat(camel.getRoutes().stream().filter(r -> r.getRouteId().equals("extra-probe"))).hasSize(1);
        assertThat(producer.requestBody("direct:extra-probe", "", String.class)).isEqualTo("extra route sees 2");
    }
}
