package com.aperilex.flow.helm;

import static com.aperilex.flow.helm.Chart.at;
import static com.aperilex.flow.helm.Chart.env;
import static com.aperilex.flow.helm.Chart.find;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's edge: authentication settings (and its refusal of mode none), actuator on a management port the
 * Ingress never routes to, and an Ingress that serves TLS and redirects plain HTTP, with Spring told it is
 * behind a proxy so a TLS request is seen as secure (HSTS).
 */
class ChartEdgeTest {
    private static final String API = "flow-aperilex-flow-api";
    private static final String WORKER = "flow-aperilex-flow-worker";

    @Test
    void authIsJwtByDefaultAndItsSettingsBecomeEnvironment() {
        List<Map<String, Object>> objects = Chart.renderDefaults(Map.of(
                "auth.jwkSetUri", "https://issuer.example.com/.well-known/jwks.json"));
        for (String workload : List.of(API, WORKER)) {
            assertThat(env(find(objects, "Deployment", workload))).containsEntry("APERILEX_AUTH_MODE", "jwt")
                    .containsEntry("APERILEX_AUTH_ISSUERURI", Chart.ISSUER)
                    .containsEntry("APERILEX_AUTH_AUDIENCE", Chart.AUDIENCE)
                    .containsEntry("APERILEX_AUTH_JWKSETURI", "https://issuer.example.com/.well-known/jwks.json")
                    .doesNotContainKey("APERILEX_AUTH_ALLOWINSECURE");
        }
        // A key set alone is enough to validate tokens.
        Map<String, Object> jwksOnly = find(Chart.renderDefaults(Map.of("auth.issuerUri", "",
                "auth.jwkSetUri", "https://issuer.example.com/.well-known/jwks.json")), "Deployment", API);
        assertThat(env(jwksOnly)).doesNotContainKey("APERILEX_AUTH_ISSUERURI")
                .containsEntry("APERILEX_AUTH_JWKSETURI", "https://issuer.example.com/.well-known/jwks.json");
    }

    /** The service would crash at start without them: the chart says so at install instead. */
    @Test
    void modeJwtWithoutAnIssuerOrAnAudienceIsRefused() {
        assertThatThrownBy(() -> Chart.renderDefaults(Map.of("auth.issuerUri", "")))
                .hasMessageContaining("auth.mode is jwt").hasMessageContaining("auth.issuerUri")
                .hasMessageContaining("auth.jwkSetUri");
        assertThatThrownBy(() -> Chart.renderDefaults(Map.of("auth.audience", "")))
                .hasMessageContaining("auth.mode is jwt").hasMessageContaining("auth.audience");
        // Neither shipped values file carries them: both must be given at install.
        for (Path values : List.of(Chart.LOCAL_VALUES, Chart.AWS_VALUES)) {
            assertThatThrownBy(() -> Chart.render(List.of(values), Map.of("auth.audience", Chart.AUDIENCE,
                    "api.ingress.certificateArn", Chart.CERTIFICATE_ARN)))
                    .as(values.toString()).hasMessageContaining("auth.issuerUri");
            assertThatThrownBy(() -> Chart.render(List.of(values), Map.of("auth.issuerUri", Chart.ISSUER,
                    "api.ingress.certificateArn", Chart.CERTIFICATE_ARN)))
                    .as(values.toString()).hasMessageContaining("auth.audience");
        }
    }

    @Test
    void localAndAwsValuesWithTheDocumentedFlagsGiveBothWorkloadsIssuerAudienceAndStreamTokenKey() {
        List<Map<String, Object>> local = Chart.renderLocal(Map.of());
        List<Map<String, Object>> aws = Chart.renderAws(Map.of());
        for (String workload : List.of(API, WORKER)) {
            Map<String, Object> onLocal = find(local, "Deployment", workload);
            assertThat(env(onLocal)).containsEntry("APERILEX_AUTH_ISSUERURI", Chart.ISSUER)
                    .containsEntry("APERILEX_AUTH_AUDIENCE", Chart.AUDIENCE).containsKey("APERILEX_EVENTS_TOKEN_KEY")
                    .doesNotContainKey("APERILEX_EVENTS_TOKENSECRET");
            assertThat(envEntry(onLocal, "APERILEX_EVENTS_TOKEN_KEY")).isEqualTo(Map.of("name", "APERILEX_EVENTS_TOKEN_KEY",
                    "valueFrom", Map.of("secretKeyRef", Map.of("name", "aperilex-flow-local", "key", "APERILEX_EVENTS_TOKEN_KEY"))));

            assertThat(env(find(aws, "Deployment", workload))).containsEntry("SPRING_PROFILES_ACTIVE", "aws")
                    .containsEntry("APERILEX_AUTH_ISSUERURI", Chart.ISSUER).containsEntry("APERILEX_AUTH_AUDIENCE", Chart.AUDIENCE)
                    .containsEntry("APERILEX_EVENTS_TOKENSECRET", "aperilex/prod/events-token-key")
                    .doesNotContainKey("APERILEX_EVENTS_TOKEN_KEY");
        }
    }

    /** The kind walkthrough of docs/deployment.md, flag for flag. */
    @Test
    void theKindWalkthroughRendersModeNoneWithTheStreamTokenKeyFromTheLocalSecret() {
        List<Map<String, Object>> objects = Chart.render(List.of(Chart.LOCAL_VALUES), Map.of(
                "edgar.userAgent", "Your Company you@your-company.com", "auth.mode", "none", "auth.allowInsecure", "true"));
        for (String workload : List.of(API, WORKER)) {
            Map<String, Object> deployment = find(objects, "Deployment", workload);
            assertThat(env(deployment)).containsEntry("APERILEX_AUTH_MODE", "none")
                    .containsEntry("APERILEX_AUTH_ALLOWINSECURE", "true").containsKey("APERILEX_EVENTS_TOKEN_KEY");
            assertThat((Object) at(envEntry(deployment, "APERILEX_EVENTS_TOKEN_KEY"), "valueFrom.secretKeyRef.name"))
                    .isEqualTo("aperilex-flow-local");
            ManifestValidationTest.validate(deployment);
        }
    }

    @Test
    void withoutAStreamTokenKeyTheRenderFailsWithWhereToPutIt() {
        assertThatThrownBy(() -> Chart.renderDefaults(Map.of("auth.streamTokenSecret", "")))
                .hasMessageContaining("auth.streamTokenSecret").hasMessageContaining("Secrets Manager");
        assertThatThrownBy(() -> Chart.renderLocal(Map.of("existingSecret", "")))
                .hasMessageContaining("existingSecret").hasMessageContaining("APERILEX_EVENTS_TOKEN_KEY");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> envEntry(Map<String, Object> deployment, String name) {
        List<Map<String, Object>> entries = at(deployment, "spec.template.spec.containers.0.env");
        return entries.stream().filter(e -> name.equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    @Test
    void authModeNoneIsRefusedUnlessAllowInsecure() {
        assertThatThrownBy(() -> Chart.renderDefaults(Map.of("auth.mode", "none")))
                .hasMessageContaining("auth.mode none").hasMessageContaining("auth.allowInsecure");
        assertThatThrownBy(() -> Chart.renderDefaults(Map.of("auth.mode", "none", "auth.allowInsecure", "false")))
                .hasMessageContaining("auth.mode none");

        Map<String, Object> api = find(Chart.renderDefaults(Map.of("auth.mode", "none", "auth.allowInsecure", "true",
                "auth.issuerUri", "", "auth.audience", "")), "Deployment", API);
        assertThat(env(api)).containsEntry("APERILEX_AUTH_MODE", "none").containsEntry("APERILEX_AUTH_ALLOWINSECURE", "true");
        // The schema knows the two modes only.
        assertThatThrownBy(() -> Chart.renderDefaults(Map.of("auth.mode", "basic"))).hasMessageContaining("mode");
    }

    @Test
    void actuatorListensOnAManagementPortTheProbesUseAndTheServiceExposes() {
        List<Map<String, Object>> objects = Chart.renderDefaults(Map.of());
        for (String workload : List.of(API, WORKER)) {
            Map<String, Object> deployment = find(objects, "Deployment", workload);
            assertThat(env(deployment)).containsEntry("MANAGEMENT_SERVER_PORT", "8081");
            List<Map<String, Object>> ports = at(deployment, "spec.template.spec.containers.0.ports");
            assertThat(ports).anyMatch(p -> "management".equals(p.get("name")) && Integer.valueOf(8081).equals(p.get("containerPort")))
                    .anyMatch(p -> "http".equals(p.get("name")) && Integer.valueOf(8080).equals(p.get("containerPort")));
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat((Object) at(deployment, "spec.template.spec.containers.0." + probe + ".httpGet.port"))
                        .as(workload + " " + probe).isEqualTo("management");
            }
        }
        List<Map<String, Object>> servicePorts = at(find(objects, "Service", API), "spec.ports");
        assertThat(servicePorts).anyMatch(p -> "management".equals(p.get("name"))
                && Integer.valueOf(8081).equals(p.get("port")) && "management".equals(p.get("targetPort")));

        Map<String, Object> other = find(Chart.renderDefaults(Map.of("management.port", "9090")), "Deployment", API);
        assertThat(env(other)).containsEntry("MANAGEMENT_SERVER_PORT", "9090");
        assertThatThrownBy(() -> Chart.renderDefaults(Map.of("management.port", "0"))).hasMessageContaining("port");
    }

    @Test
    void theIngressServesTlsRedirectsPlainHttpAndNeverRoutesToTheManagementPort() throws Exception {
        List<Map<String, Object>> objects = Chart.renderDefaults(Map.of("api.ingress.enabled", "true",
                "api.ingress.className", "nginx", "api.ingress.host", "flow.example.com",
                "api.ingress.tlsSecretName", "flow-example-com-tls"));
        Map<String, Object> ingress = find(objects, "Ingress", API);
        assertThat((Object) at(ingress, "spec.tls.0.secretName")).isEqualTo("flow-example-com-tls");
        assertThat((List<String>) at(ingress, "spec.tls.0.hosts")).containsExactly("flow.example.com");
        assertThat((Map<String, String>) at(ingress, "metadata.annotations"))
                .containsEntry("nginx.ingress.kubernetes.io/force-ssl-redirect", "true")
                .containsEntry("nginx.ingress.kubernetes.io/ssl-redirect", "true");
        List<Map<String, Object>> paths = at(ingress, "spec.rules.0.http.paths");
        assertThat(paths).isNotEmpty().allSatisfy(path -> {
            assertThat((Object) at(path, "backend.service.name")).isEqualTo(API);
            assertThat((Object) at(path, "backend.service.port.name")).isEqualTo("http");
        });
        // Behind the Ingress, X-Forwarded-Proto makes a TLS request secure to Spring, so HSTS is sent.
        assertThat(env(find(objects, "Deployment", API))).containsEntry("SERVER_FORWARDHEADERSSTRATEGY", "native");

        // The operator's own annotations win; the redirect can be turned off; no TLS, no redirect.
        Path overlay = Files.createTempFile("ingress-annotations", ".yaml");
        Files.writeString(overlay, """
                api:
                  ingress:
                    annotations:
                      nginx.ingress.kubernetes.io/force-ssl-redirect: "false"
                      example.com/team: filings
                """);
        Map<String, Object> custom = find(Chart.render(List.of(overlay), Map.of("edgar.userAgent", Chart.USER_AGENT,
                "auth.issuerUri", Chart.ISSUER, "auth.audience", Chart.AUDIENCE,
                "auth.streamTokenSecret", Chart.STREAM_TOKEN_SECRET, "api.ingress.enabled", "true", "api.ingress.host", "flow.example.com",
                "api.ingress.tlsSecretName", "tls")), "Ingress", API);
        assertThat((Map<String, String>) at(custom, "metadata.annotations"))
                .containsEntry("nginx.ingress.kubernetes.io/force-ssl-redirect", "false")
                .containsEntry("example.com/team", "filings");
        Map<String, Object> plain = find(Chart.renderDefaults(Map.of("api.ingress.enabled", "true")), "Ingress", API);
        assertThat((Object) at(plain, "metadata.annotations")).isNull();
        assertThat((Object) at(plain, "spec.tls")).isNull();
        Map<String, Object> off = find(Chart.renderDefaults(Map.of("api.ingress.enabled", "true",
                "api.ingress.host", "flow.example.com", "api.ingress.tlsSecretName", "tls",
                "api.ingress.forceSslRedirect", "false")), "Ingress", API);
        assertThat((Object) at(off, "metadata.annotations")).isNull();
    }

    @Test
    void onAwsTheAlbServesTlsWithTheAcmCertificateAndRedirectsPlainHttp() {
        Map<String, Object> ingress = find(Chart.renderAws(Map.of()), "Ingress", API);
        assertThat((Object) at(ingress, "spec.ingressClassName")).isEqualTo("alb");
        assertThat((Map<String, String>) at(ingress, "metadata.annotations"))
                .containsEntry("alb.ingress.kubernetes.io/certificate-arn", Chart.CERTIFICATE_ARN)
                .containsEntry("alb.ingress.kubernetes.io/listen-ports", "[{\"HTTP\": 80}, {\"HTTPS\": 443}]")
                .containsEntry("alb.ingress.kubernetes.io/ssl-redirect", "443")
                .containsEntry("alb.ingress.kubernetes.io/scheme", "internet-facing");

        assertThatThrownBy(() -> Chart.renderAws(Map.of("api.ingress.certificateArn", "")))
                .hasMessageContaining("api.ingress.certificateArn is required with ingress class alb");
        assertThatThrownBy(() -> Chart.renderAws(Map.of("api.ingress.certificateArn", "not-an-arn")))
                .hasMessageContaining("certificateArn");
        Map<String, Object> noRedirect = find(Chart.renderAws(Map.of("api.ingress.forceSslRedirect", "false")), "Ingress", API);
        assertThat((Map<String, String>) at(noRedirect, "metadata.annotations"))
                .containsKey("alb.ingress.kubernetes.io/certificate-arn")
                .doesNotContainKey("alb.ingress.kubernetes.io/ssl-redirect");
    }

    @Test
    void noIngressEverRoutesToTheManagementPort() {
        List<List<Map<String, Object>>> renderings = List.of(Chart.renderAws(Map.of()),
                Chart.renderDefaults(Map.of("api.ingress.enabled", "true")),
                Chart.renderDefaults(Map.of("api.ingress.enabled", "true", "api.ingress.className", "nginx",
                        "api.ingress.host", "flow.example.com", "api.ingress.tlsSecretName", "tls", "management.port", "9090")),
                Chart.renderLocal(Map.of("api.ingress.enabled", "true")));
        for (List<Map<String, Object>> objects : renderings) {
            List<Map<String, Object>> ingresses = objects.stream().filter(o -> "Ingress".equals(o.get("kind"))).toList();
            assertThat(ingresses).isNotEmpty();
            for (Map<String, Object> ingress : ingresses) {
                assertThat((Object) at(ingress, "spec.defaultBackend")).isNull();
                List<Map<String, Object>> rules = at(ingress, "spec.rules");
                assertThat(rules).isNotEmpty().allSatisfy(rule -> {
                    List<Map<String, Object>> paths = at(rule, "http.paths");
                    assertThat(paths).isNotEmpty().allSatisfy(path -> {
                        assertThat((Object) at(path, "backend.service.port.name")).isEqualTo("http");
                        assertThat((Object) at(path, "backend.service.port.number")).isNull();
                    });
                });
            }
        }
    }
}
