package com.aperilex.flow.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's monitoring objects: the ServiceMonitor reaches the management port of the API and of every worker
 * (through a headless Service the workers get for it), and the Grafana dashboard ConfigMap carries the dashboard
 * file as valid JSON for the sidecar. That each of the dashboard's queries names a metric the service really
 * exports is checked against a live scrape in the service's own ServiceMetricsTest.
 */
class MonitoringChartTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theServiceMonitorScrapesTheApiAndTheWorkersOnTheirManagementPort() {
        List<Map<String, Object>> objects = Chart.renderDefaults(Map.of("monitoring.serviceMonitor.enabled", "true",
                "monitoring.serviceMonitor.labels.release", "kube-prometheus-stack"));
        Map<String, Object> monitor = Chart.find(objects, "ServiceMonitor", "flow-aperilex-flow");
        assertThat(Chart.<String>at(monitor, "metadata.labels.release")).isEqualTo("kube-prometheus-stack");
        assertThat(Chart.<String>at(monitor, "spec.endpoints.0.port")).isEqualTo("management");
        assertThat(Chart.<String>at(monitor, "spec.endpoints.0.path")).isEqualTo("/actuator/prometheus");
        Map<String, String> match = Chart.at(monitor, "spec.selector.matchLabels");
        List<String> components = Chart.at(monitor, "spec.selector.matchExpressions.0.values");

        for (String service : List.of("flow-aperilex-flow-api", "flow-aperilex-flow-worker-metrics")) {
            Map<String, Object> svc = Chart.find(objects, "Service", service);
            Map<String, String> labels = Chart.at(svc, "metadata.labels");
            assertThat(labels).as(service).containsAllEntriesOf(match);
            assertThat(components).as(service).contains(labels.get("app.kubernetes.io/component"));
            List<Map<String, Object>> ports = Chart.at(svc, "spec.ports");
            assertThat(ports).as(service).anyMatch(p -> "management".equals(p.get("name"))
                    && "management".equals(p.get("targetPort")));
        }
        // The headless Service selects the worker pods, whose container names the management port.
        Map<String, Object> workers = Chart.find(objects, "Service", "flow-aperilex-flow-worker-metrics");
        assertThat(Chart.<String>at(workers, "spec.clusterIP")).isEqualTo("None");
        Map<String, Object> worker = Chart.find(objects, "Deployment", "flow-aperilex-flow-worker");
        Map<String, String> podLabels = Chart.at(worker, "spec.template.metadata.labels");
        assertThat(podLabels).containsAllEntriesOf(Chart.at(workers, "spec.selector"));
        List<Map<String, Object>> containerPorts = Chart.at(worker, "spec.template.spec.containers.0.ports");
        assertThat(containerPorts).anyMatch(p -> "management".equals(p.get("name")));
    }

    @Test
    void theDashboardConfigMapCarriesTheDashboardForGrafanasSidecar() throws Exception {
        List<Map<String, Object>> objects = Chart.renderDefaults(Map.of("monitoring.grafanaDashboard.enabled", "true"));
        Map<String, Object> configMap = Chart.find(objects, "ConfigMap", "flow-aperilex-flow-dashboard");
        assertThat(Chart.<String>at(configMap, "metadata.labels.grafana_dashboard")).isEqualTo("1");
        Map<String, String> data = Chart.at(configMap, "data");
        String json = data.get("aperilex-flow.json");
        assertThat(json).isEqualTo(Files.readString(Chart.DIR.resolve("dashboards/aperilex-flow.json")).stripTrailing());

        JsonNode dashboard = JSON.readTree(json);
        assertThat(dashboard.get("uid").asText()).isEqualTo("aperilex-flow");
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            panel.get("targets").forEach(t -> queries.add(t.get("expr").asText()));
            assertThat(panel.at("/gridPos/w").asInt()).isBetween(1, 24);
        }
        assertThat(queries).hasSizeGreaterThan(20).allMatch(q -> q.contains("application=\"aperilex-flow\""));
    }

    @Test
    void noMonitoringObjectsUnlessAsked() {
        assertThat(Chart.names(Chart.renderDefaults(Map.of())))
                .noneMatch(name -> name.startsWith("ServiceMonitor/") || name.endsWith("-worker-metrics")
                        || name.endsWith("-dashboard"));
    }
}
