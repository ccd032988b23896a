package com.aperilex.flow.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * kind-config.yaml against a schema of kind's v1alpha4 Cluster config (kind publishes none; this one
 * follows its Go types and rejects unknown keys), and its port mapping against the chart's NodePort.
 */
class KindConfigTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void kindConfigMatchesTheSchema() throws IOException {
        assertThat(validate(YAML.readTree(Path.of("..", "kind-config.yaml").toFile()))).isEmpty();
    }

    @Test
    void theSchemaRejectsUnknownKeysAndWrongTypes() throws IOException {
        assertThat(validate(YAML.readTree("kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodez: []\n"))).isNotEmpty();
        assertThat(validate(YAML.readTree("""
                kind: Cluster
                apiVersion: kind.x-k8s.io/v1alpha4
                nodes:
                  - role: control-plane
                    extraPortMappings:
                      - containerPort: "thirty"
                        hostPort: 8080
                """))).isNotEmpty();
        assertThat(validate(YAML.readTree("kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha3\n"))).isNotEmpty();
    }

    @Test
    void theApiNodePortIsPublishedOnTheHost() throws IOException {
        JsonNode kind = YAML.readTree(Path.of("..", "kind-config.yaml").toFile());
        Map<String, Object> service = Chart.find(Chart.renderLocal(Map.of()), "Service",
                "flow-aperilex-flow-api");
        int nodePort = Chart.at(service, "spec.ports.0.nodePort");

        JsonNode mapping = kind.at("/nodes/0/extraPortMappings/0");
        assertThat(mapping.get("containerPort").asInt()).isEqualTo(nodePort);
        assertThat(mapping.get("hostPort").asInt()).isEqualTo(8080);
        assertThat(mapping.get("listenAddress").asText()).isEqualTo("127.0.0.1");
    }

    private static Set<ValidationMessage> validate(JsonNode config) throws IOException {
        try (InputStream schema = KindConfigTest.class.getResourceAsStream("/kind-config.schema.json")) {
            JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
            return validator.validate(config);
        }
    }
}
