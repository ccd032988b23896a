package com.aperilex.flow.helm;

import static com.aperilex.flow.helm.Chart.at;
import static com.aperilex.flow.helm.Chart.env;
import static com.aperilex.flow.helm.Chart.find;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What `helm template` renders for the default, local and aws values and the key --set combinations. */
class ChartTemplateTest {
    private static final String API = "flow-aperilex-flow-api";
    private static final String WORKER = "flow-aperilex-flow-worker";

    @Test
    void defaultsRenderTwoWorkloadsFromOneImageWithHpasPdbsAndAServiceAccount() {
        List<Map<String, Object>> objects = Chart.renderDefaults(Map.of());

        assertThat(Chart.names(objects)).containsExactlyInAnyOrder(
                "ServiceAccount/flow-aperilex-flow", "ConfigMap/flow-aperilex-flow-config",
                "Service/" + API, "Deployment/" + API, "Deployment/" + WORKER,
                "HorizontalPodAutoscaler/" + API, "HorizontalPodAutoscaler/" + WORKER,
                "PodDisruptionBudget/" + API, "PodDisruptionBudget/" + WORKER);
        Map<String, Object> api = find(objects, "Deployment", API);
        Map<String, Object> worker = find(objects, "Deployment", WORKER);
        String image = at(api, "spec.template.spec.containers.0.image");
        assertThat(image).isEqualTo("ghcr.io/aperilex/aperilex-flow:0.1.0")
                .isEqualTo(at(worker, "spec.template.spec.containers.0.image"));
        assertThat(env(api)).containsEntry("APERILEX_WORKER_ENABLED", "false")
                .containsEntry("SPRING_PROFILES_ACTIVE", "aws")
                .containsEntry("APERILEX_EDGAR_USERAGENT", Chart.USER_AGENT)
                .containsEntry("SPRING_CONFIG_ADDITIONALLOCATION", "optional:file:/etc/aperilex/config/")
                .doesNotContainKey("APERILEX_ROUTES_INCLUDEPATTERN");
        assertThat(env(worker)).containsEntry("APERILEX_WORKER_ENABLED", "true");
        // Replica counts belong to the autoscalers.
        assertThat((Object) at(api, "spec.replicas")).isNull();
        assertThat((Object) at(worker, "spec.replicas")).isNull();
        assertThat((Object) at(worker, "spec.template.spec.terminationGracePeriodSeconds")).isEqualTo(120);
    }

    @Test
    void everyObjectCarriesTheStandardLabelsAndWorkloadsSelectByComponent() {
        for (Map<String, Object> object : Chart.renderDefaults(Map.of())) {
            Map<String, String> labels = at(object, "metadata.labels");
            assertThat(labels).as(object.get("kind") + " labels").containsEntry("app.kubernetes.io/name", "aperilex-flow")
                    .containsEntry("app.kubernetes.io/instance", "flow")
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsEntry("app.kubernetes.io/version", "0.1.0")
                    .containsKey("helm.sh/chart");
        }
        List<Map<String, Object>> objects = Chart.renderDefaults(Map.of());
        assertThat((Map<String, String>) at(find(objects, "Deployment", API), "spec.selector.matchLabels"))
                .containsEntry("app.kubernetes.io/component", "api");
        assertThat((Map<String, String>) at(find(objects, "Service", API), "spec.selector"))
                .containsEntry("app.kubernetes.io/component", "api");
        assertThat((Map<String, String>) at(find(objects, "PodDisruptionBudget", WORKER), "spec.selector.matchLabels"))
                .containsEntry("app.kubernetes.io/component", "worker");
    }

    @Test
    void podsRunNonRootOnAReadOnlyRootWithAWritableTmpAndActuatorProbes() {
        Map<String, Object> worker = find(Chart.renderDefaults(Map.of()), "Deployment", WORKER);

        assertThat((Object) at(worker, "spec.template.spec.securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat((Object) at(worker, "spec.template.spec.containers.0.securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat((Object) at(worker, "spec.template.spec.containers.0.securityContext.allowPrivilegeEscalation")).isEqualTo(false);
        assertThat((List<String>) at(worker, "spec.template.spec.containers.0.securityContext.capabilities.drop")).containsExactly("ALL");
        assertThat((Object) at(worker, "spec.template.spec.containers.0.volumeMounts.0.mountPath")).isEqualTo("/tmp");
        assertThat((Object) at(worker, "spec.template.spec.volumes.0.emptyDir")).isEqualTo(Map.of());
        assertThat((Object) at(worker, "spec.template.spec.containers.0.livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat((Object) at(worker, "spec.template.spec.containers.0.readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        assertThat((Object) at(worker, "spec.template.spec.containers.0.startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat((Object) at(worker, "spec.template.spec.containers.0.resources.limits.memory")).isEqualTo("1536Mi");
    }

    @Test
    void secretsAreOnlyReferenced() {
        List<Map<String, Object>> objects = Chart.renderDefaults(Map.of("existingSecret", "aperilex-flow-credentials"));

        assertThat(objects).noneMatch(o -> "Secret".equals(o.get("kind")));
        Map<String, Object> api = find(objects, "Deployment", API);
        assertThat((Object) at(api, "spec.template.spec.containers.0.envFrom.0.secretRef.name")).isEqualTo("aperilex-flow-credentials");
        assertThat(env(api).keySet()).noneMatch(name -> name.contains("PASSWORD") || name.contains("API_KEY"));
    }

    @Test
    void extraRoutesBecomeAConfigMapMountedWhereTheServiceLoadsRoutes() {
        List<Map<String, Object>> objects = Chart.renderDefaults(Map.of(
                "extraRoutes.audit\\.yaml", "- route:\n    id: audit\n    from:\n      uri: timer:audit\n      steps:\n        - log: audit\n"));

        Map<String, Object> routes = find(objects, "ConfigMap", "flow-aperilex-flow-routes");
        Map<String, String> files = at(routes, "data");
        assertThat(files).containsOnlyKeys("audit.yaml");
        assertThat(files.get("audit.yaml")).contains("id: audit", "uri: timer:audit");
        Map<String, Object> worker = find(objects, "Deployment", WORKER);
        assertThat(env(worker)).containsEntry("APERILEX_ROUTES_INCLUDEPATTERN",
                "classpath:camel/**/*.yaml,file:/etc/aperilex/routes/*.yaml");
        List<Map<String, Object>> mounts = at(worker, "spec.template.spec.containers.0.volumeMounts");
        assertThat(mounts).anyMatch(m -> "/etc/aperilex/routes".equals(m.get("mountPath")) && "routes".equals(m.get("name")));
        List<Map<String, Object>> volumes = at(worker, "spec.template.spec.volumes");
        assertThat(volumes).anyMatch(v -> "routes".equals(v.get("name"))
                && "flow-aperilex-flow-routes".equals(at(v, "configMap.name")));
    }

    @Test
    void configValuesBecomeTheMountedApplicationYaml() {
        List<Map<String, Object>> objects = Chart.renderAws(Map.of());

        Map<String, Object> data = at(find(objects, "ConfigMap", "flow-aperilex-flow-config"), "data");
        Map<String, Object> config = new org.yaml.snakeyaml.Yaml().load((String) data.get("application.yaml"));
        assertThat((Object) at(config, "aperilex.storage.s3.bucket")).isEqualTo("aperilex-documents");
        assertThat((Object) at(config, "aperilex.database.password-secret")).isEqualTo("aperilex/database#password");
    }

    @Test
    void kedaReplacesTheWorkerHpaAndScalesOnTheSqsQueue() {
        List<Map<String, Object>> objects = Chart.renderAws(Map.of());

        assertThat(Chart.names(objects)).doesNotContain("HorizontalPodAutoscaler/" + WORKER)
                .contains("HorizontalPodAutoscaler/" + API, "ScaledObject/" + WORKER, "Ingress/" + API);
        Map<String, Object> scaled = find(objects, "ScaledObject", WORKER);
        assertThat((Object) at(scaled, "apiVersion")).isEqualTo("keda.sh/v1alpha1");
        assertThat((Object) at(scaled, "spec.scaleTargetRef.name")).isEqualTo(WORKER);
        assertThat((Object) at(scaled, "spec.triggers.0.type")).isEqualTo("aws-sqs-queue");
        // One trigger per priority lane's queue, highest first.
        assertThat((Object) at(scaled, "spec.triggers.0.metadata.queueURL"))
                .isEqualTo("https://sqs.us-east-1.amazonaws.com/123456789012/aperilex-tasks-highest.fifo");
        assertThat((Object) at(scaled, "spec.triggers.4.metadata.queueURL"))
                .isEqualTo("https://sqs.us-east-1.amazonaws.com/123456789012/aperilex-tasks-bulk.fifo");
        assertThat((Object) at(scaled, "spec.triggers.0.metadata.queueLength")).isEqualTo("5");
        Map<String, String> annotations = at(find(objects, "ServiceAccount", "flow-aperilex-flow"), "metadata.annotations");
        assertThat(annotations).containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/aperilex-flow");
        assertThat((Object) at(find(objects, "Ingress", API), "spec.ingressClassName")).isEqualTo("alb");
    }

    @Test
    void kedaOnRabbitMqUsesTheOperatorsTriggerAuthentication() {
        List<Map<String, Object>> objects = Chart.renderLocal(Map.of(
                "worker.keda.enabled", "true", "worker.keda.trigger", "rabbitmq",
                "worker.keda.rabbitmq.authenticationRef", "rabbitmq-connection"));

        Map<String, Object> scaled = find(objects, "ScaledObject", WORKER);
        assertThat((Object) at(scaled, "spec.triggers.0.type")).isEqualTo("rabbitmq");
        assertThat((Object) at(scaled, "spec.triggers.0.metadata.queueName")).isEqualTo("aperilex.tasks.highest");
        assertThat((Object) at(scaled, "spec.triggers.4.metadata.queueName")).isEqualTo("aperilex.tasks.bulk");
        assertThat((Object) at(scaled, "spec.triggers.0.authenticationRef.name")).isEqualTo("rabbitmq-connection");
        assertThat((Object) at(find(objects, "Deployment", WORKER), "spec.replicas")).isNull();
    }

    @Test
    void localValuesPublishTheApiOnTheKindNodePortWithOneReplicaEach() {
        List<Map<String, Object>> objects = Chart.renderLocal(Map.of());

        assertThat(Chart.names(objects)).noneMatch(n -> n.startsWith("HorizontalPodAutoscaler/") || n.startsWith("PodDisruptionBudget/"));
        Map<String, Object> service = find(objects, "Service", API);
        assertThat((Object) at(service, "spec.type")).isEqualTo("NodePort");
        assertThat((Object) at(service, "spec.ports.0.nodePort")).isEqualTo(30080);
        Map<String, Object> api = find(objects, "Deployment", API);
        assertThat((Object) at(api, "spec.replicas")).isEqualTo(1);
        assertThat(env(api)).containsEntry("SPRING_PROFILES_ACTIVE", "local");
        assertThat((Object) at(api, "spec.template.spec.containers.0.imagePullPolicy")).isEqualTo("Never");
        List<Map<String, Object>> volumes = at(api, "spec.template.spec.volumes");
        assertThat(volumes).anyMatch(v -> "aperilex-flow-documents".equals(at(v, "persistentVolumeClaim.claimName")));
    }

    @Test
    void aMissingUserAgentStopsTheRenderWithTheReason() {
        assertThatThrownBy(() -> Chart.render(List.of(), Map.of()))
                .hasMessageContaining("edgar.userAgent is required");
    }

    @Test
    void configChangesRollThePods() {
        String before = at(find(Chart.renderDefaults(Map.of()), "Deployment", API), "spec.template.metadata.annotations.checksum/config");
        String after = at(find(Chart.renderDefaults(Map.of("config.aperilex.llm.provider", "none")), "Deployment", API),
                "spec.template.metadata.annotations.checksum/config");
        assertThat(before).isNotBlank().isNotEqualTo(after);
    }
}
