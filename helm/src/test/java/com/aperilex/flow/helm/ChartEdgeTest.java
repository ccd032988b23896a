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
        Map<String, Object> defaults = find(Chart.renderDefaults(Map.of()), "Deployment", API);
        assertThat(env(defaults)).containsEntry("APERILEX_AUTH_MODE", "jwt")
                .doesNotContainKeys("APERILEX_AUTH_ISSUERURI", "APERILEX_AUTH_AUDIENCE", "APERILEX_AUTH_JWKSETURI");

        List<Map<String, Object>> objects = Chart.renderDefaults(Map.of(
                "auth.issuerUri", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example",
                "auth.audience", "aperilex-frontend",
                "auth.jwkSetUri", "https://issuer.example.com/.well-known/jwks.json"));
        for (String workload : List.of(API, WORKER)) {
            assertThat(env(find(objects, "Deployment", workload))).containsEntry("APERILEX_AUTH_MODE", "jwt")
                    .containsEntry("APERILEX_AUTH_ISSUERURI", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example")
                    .containsEntry("APERILEX_AUTH_AUDIENCE", "aperilex-frontend")
                    .containsEntry("APERILEX_AUTH_JWKSETURI", "https://issuer.example.com/.well-known/jwks.json");
        }
    }

    @Test
    void authModeNoneIsRefusedUnlessAllowInsecure() {
        assertThatThrownBy(() -> Chart.renderDefaults(Map.of("auth.mode", "none")))
                .hasMessageContaining("auth.mode none").hasMessageContaining("auth.allowInsecure");
        assertThatThrownBy(() -> Chart.renderDefaults(Map.of("auth.mode", "none", "auth.allowInsecure", "false")))
                .hasMessageContaining("auth.mode none");

        Map<String, Object> api = find(Chart.renderDefaults(Map.of("auth.mode", "none", "auth.allowInsecure", "true")),
                "Deployment", API);
        assertThat(env(api)).containsEntry("APERILEX_AUTH_MODE", "none");
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
                "api.ingress.enabled", "true", "api.ingress.host", "flow.example.com",
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
}
