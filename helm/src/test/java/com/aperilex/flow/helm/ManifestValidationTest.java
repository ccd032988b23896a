package com.aperilex.flow.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.util.ModelMapper;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every object the chart renders (for each values file and key --set combinations), and every manifest
 * in deploy/kind, is checked against the Kubernetes API's own models: unknown fields, missing required
 * fields and wrong types all fail. KEDA's ScaledObject is a custom resource the models do not know; its
 * fields are asserted in ChartTemplateTest, the Prometheus Operator's in MonitoringChartTest and AlertRulesTest.
 */
class ManifestValidationTest {
    private static final Gson GSON = new Gson();
    private static final List<String> CUSTOM_KINDS = List.of("keda.sh/v1alpha1/ScaledObject",
            "monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1/PrometheusRule");

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("defaults", Chart.renderDefaults(Map.of())),
                Arguments.of("local", Chart.renderLocal(Map.of())),
                Arguments.of("aws", Chart.renderAws(Map.of())),
                Arguments.of("defaults, no autoscaling, no PDBs, ingress with TLS, extra routes, secret",
                        Chart.renderDefaults(Map.of("api.autoscaling.enabled", "false", "worker.autoscaling.enabled", "false",
                                "api.podDisruptionBudget.enabled", "false", "worker.podDisruptionBudget.enabled", "false",
                                "api.ingress.enabled", "true", "api.ingress.host", "flow.example.org",
                                "api.ingress.tlsSecretName", "flow-tls", "existingSecret", "creds",
                                "extraRoutes.extra\\.yaml", "- route: {}", "serviceAccount.create", "false"))),
                Arguments.of("local with KEDA on RabbitMQ", Chart.renderLocal(Map.of(
                        "worker.keda.enabled", "true", "worker.keda.trigger", "rabbitmq",
                        "worker.keda.rabbitmq.authenticationRef", "rabbitmq-connection"))),
                Arguments.of("aws with the ServiceMonitor, the alerts and the Grafana dashboard", Chart.renderAws(Map.of(
                        "monitoring.serviceMonitor.enabled", "true", "monitoring.prometheusRule.enabled", "true",
                        "monitoring.grafanaDashboard.enabled", "true"))),
                Arguments.of("deploy/kind/local-stack.yaml", kindManifests()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyRenderedObjectIsAValidKubernetesObject(String name, List<Map<String, Object>> objects) {
        assertThat(objects).isNotEmpty();
        for (Map<String, Object> object : objects) {
            String type = object.get("apiVersion") + "/" + object.get("kind");
            if (CUSTOM_KINDS.contains(type)) {
                continue;
            }
            validate(object);
        }
    }

    @Test
    void theValidatorRejectsUnknownFieldsMissingFieldsAndWrongTypes() {
        Map<String, Object> deployment = Chart.find(Chart.renderDefaults(Map.of()), "Deployment", "flow-aperilex-flow-api");

        Map<String, Object> unknown = copy(deployment);
        ((Map<String, Object>) unknown.get("spec")).put("replicaz", 3);
        assertThatThrownBy(() -> validate(unknown)).hasMessageContaining("replicaz");

        Map<String, Object> missing = copy(deployment);
        ((Map<String, Object>) missing.get("spec")).remove("selector");
        assertThatThrownBy(() -> validate(missing)).hasMessageContaining("selector");

        Map<String, Object> wrongType = copy(deployment);
        ((Map<String, Object>) wrongType.get("spec")).put("template", "a string");
        assertThatThrownBy(() -> validate(wrongType)).isInstanceOf(RuntimeException.class);
    }

    /** The model class's own validateJsonElement, as the Kubernetes Java client generates it. */
    static void validate(Map<String, Object> object) {
        String apiVersion = (String) object.get("apiVersion");
        String kind = (String) object.get("kind");
        Class<?> model = ModelMapper.getApiTypeClass(apiVersion, kind);
        if (model == null) {
            throw new AssertionError("not a Kubernetes API type: " + apiVersion + " " + kind);
        }
        JsonElement json = GSON.toJsonTree(object);
        try {
            model.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(kind + " " + ((Map<?, ?>) object.get("metadata")).get("name") + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> object) {
        return (Map<String, Object>) GSON.fromJson(GSON.toJson(object), LinkedHashMap.class);
    }

    private static List<Map<String, Object>> kindManifests() {
        try {
            List<Map<String, Object>> all = new ArrayList<>();
            try (Stream<Path> files = Files.list(Path.of("..", "deploy", "kind"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    all.addAll(Chart.documents(Files.readString(file)));
                }
            }
            return all;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
