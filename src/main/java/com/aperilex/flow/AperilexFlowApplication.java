package com.aperilex.flow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Aperilex Flow: REST intake, a deduplicating task queue and the worker routes behind it. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AperilexFlowApplication {

    public static void main(String[] args) {
        SpringApplication.run(AperilexFlowApplication.class, args);
    }
}
