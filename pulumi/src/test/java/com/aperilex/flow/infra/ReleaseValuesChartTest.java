package com.aperilex.flow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The chart rendered with exactly the values the Helm release passes: valid to the schema, wired to the stack. */
class ReleaseValuesChartTest {
    /** What the mocks resolve the stack's resources to. */
    static final HelmValues.Resources RESOURCES = new HelmValues.Resources(
            "arn:aws:iam::123456789012:role/aperilex-prod-service",
            "aperilex-prod-tasks", AperilexInfrastructure.LANES.stream()
                    .map(lane -> "https://sqs.us-east-1.amazonaws.com/123456789012/aperilex-prod-tasks-" + lane + ".fifo").toList(),
            "aperilex-prod-tasks-dlq.fifo", "aperilex-prod-documents-20261122",
            "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "aperilex-prod.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-0a1b2c3d-AbCdEf",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:aperilex/prod/llm-api-key-AbCdEf",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:aperilex/prod/events-token-key-AbCdEf");

    @Test
    @SuppressWarnings("unchecked")
    void theChartRendersWithTheReleaseValues(@TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("release-values.yaml"),
                new Yaml().dump(HelmValues.of(AperilexInfrastructureTest.SETTINGS, RESOURCES)));

        String rendered = new Helm(Path.of("..", "helm", "aperilex-flow")).template().withName("aperilex-flow")
                .withNamespace("aperilex").withKubeVersion("v1.31.0").withValuesFile(values).call();

        List<Map<String, Object>> objects = new ArrayList<>();
        new Yaml().loadAll(rendered).forEach(o -> {
            if (o != null) {
                objects.add((Map<String, Object>) o);
            }
        });
        Map<String, Object> serviceAccount = find(objects, "ServiceAccount");
        assertThat(((Map<String, Object>) serviceAccount.get("metadata")).get("name")).isEqualTo("aperilex-flow");
        assertThat((Map<String, String>) ((Map<String, Object>) serviceAccount.get("metadata")).get("annotations"))
                .containsEntry("eks.amazonaws.com/role-arn", RESOURCES.roleArn());
        Map<String, Object> scaledObject = find(objects, "ScaledObject");
        // KEDA scales the workers on every lane's queue.
        for (String url : RESOURCES.tasksQueueUrls()) {
            assertThat(rendered).contains("queueURL: \"" + url + "\"");
        }
        assertThat(scaledObject).isNotNull();
        Map<String, Object> config = find(objects, "ConfigMap");
        Map<String, Object> application = new Yaml().load((String) ((Map<String, Object>) config.get("data")).get("application.yaml"));
        Map<String, Object> aperilex = (Map<String, Object>) application.get("aperilex");
        assertThat(((Map<String, Object>) ((Map<String, Object>) aperilex.get("storage")).get("s3")).get("bucket"))
                .isEqualTo(RESOURCES.bucket());
        assertThat(((Map<String, Object>) aperilex.get("database")).get("password-secret"))
                .isEqualTo(RESOURCES.databaseSecretArn() + "#password");
        assertThat(rendered).contains("image: \"123456789012.dkr.ecr.us-east-1.amazonaws.com/aperilex-flow:0.1.0\"");
        assertThat(rendered).doesNotContain("kind: Secret");
        // What the pods need to start in mode jwt, on both workloads, and the ALB's TLS.
        for (String name : List.of("aperilex-flow-api", "aperilex-flow-worker")) {
            Map<String, Object> deployment = objects.stream().filter(o -> "Deployment".equals(o.get("kind"))
                    && name.equals(((Map<String, Object>) o.get("metadata")).get("name"))).findFirst().orElseThrow();
            Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment
                    .get("spec")).get("template")).get("spec");
            List<Map<String, Object>> env = (List<Map<String, Object>>) ((List<Map<String, Object>>) pod.get("containers"))
                    .get(0).get("env");
            Map<String, Object> byName = new java.util.HashMap<>();
            env.forEach(e -> byName.put((String) e.get("name"), e.get("value")));
            assertThat(byName).as(name).containsEntry("APERILEX_AUTH_MODE", "jwt")
                    .containsEntry("APERILEX_AUTH_ISSUERURI", AperilexInfrastructureTest.SETTINGS.authIssuerUri())
                    .containsEntry("APERILEX_AUTH_AUDIENCE", "aperilex-frontend")
                    .containsEntry("APERILEX_EVENTS_TOKENSECRET", RESOURCES.streamTokenSecretArn());
        }
        Map<String, Object> ingress = find(objects, "Ingress");
        assertThat((Map<String, String>) ((Map<String, Object>) ingress.get("metadata")).get("annotations"))
                .containsEntry("alb.ingress.kubernetes.io/certificate-arn", AperilexInfrastructureTest.SETTINGS.apiCertificateArn())
                .containsEntry("alb.ingress.kubernetes.io/ssl-redirect", "443");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> find(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }
}
