package com.aperilex.flow.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json turns unknown or mistyped values into a failed render, before anything reaches a cluster. */
class ValuesSchemaTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "api.replicaz | 3 | replicaz",
            "unknownTopLevel | x | unknownTopLevel",
            "api.replicas | two | replicas",
            "api.replicas | 0 | replicas",
            "profile | dev | profile",
            "image.pullPolicy | Sometimes | pullPolicy",
            "api.service.type | External | type",
            "api.service.nodePort | 80 | nodePort",
            "worker.keda.trigger | kafka | trigger",
            "worker.keda.enabled | maybe | enabled",
            "api.autoscaling.targetCPUUtilizationPercentage | 150 | targetCPUUtilizationPercentage",
            "storage.mountPath | relative/path | mountPath",
            "extraRoutes.bad name | x | invalid propertyName 'bad name'",
            "env[0].name | 1BAD | name",
    })
    void rejects(String key, String value, String named) {
        assertThatThrownBy(() -> Chart.renderDefaults(Map.of(key, value)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(named);
    }
}
