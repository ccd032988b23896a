package com.aperilex.flow.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** A deployment adds route files from a directory beside the packaged ones, by configuration only. */
@CamelSpringBootTest
@SpringBootTest(properties = {
        "aperilex.dev.postgres-data-directory=target/test-data/${random.uuid}/postgres",
        "aperilex.storage.local-directory=target/test-data/${random.uuid}/storage",
        "aperilex.routes.include-pattern=classpath:camel/**/*.yaml,file:target/test-classes/extra-routes/*.yaml"
})
class ExtraRoutesDirectoryTest {

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Test
    void packagedAndDirectoryRoutesAreBothLoaded() {
        assertThat(camel.getRoute("submit-analysis")).isNotNull();
        assertThat(camel.getRoute("consume-tasks-highest")).isNotNull();
        assertThat(camel.getRoute("extra-probe")).isNotNull();
        assertThat(producer.requestBody("direct:extra-probe", "", String.class)).isEqualTo("extra route sees 2");
    }
}
