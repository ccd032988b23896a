package com.aperilex.flow.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart's PrometheusRule, rendered, checked by Prometheus' own promtool: {@code promtool check rules} on its
 * groups and {@code promtool test rules} with a test per alert ({@code alerts/alerts-test.yaml}: each fires on
 * the series that should fire it, and not on healthy ones). promtool is Debian's {@code prometheus} package,
 * which {@code .ci/run} installs.
 */
class AlertRulesTest {
    private static final Path WORK = Path.of("target", "alerts");

    @SuppressWarnings("unchecked")
    @Test
    void theRulesAreValidAndEveryAlertFiresWhenItShould() throws Exception {
        List<Map<String, Object>> documents = Chart.renderDefaults(Map.of("monitoring.prometheusRule.enabled", "true",
                "monitoring.prometheusRule.labels.release", "kube-prometheus-stack"));
        Map<String, Object> rule = Chart.find(documents, "PrometheusRule", "flow-aperilex-flow");
        assertThat(Chart.<String>at(rule, "metadata.labels.release")).isEqualTo("kube-prometheus-stack");
        Map<String, Object> spec = (Map<String, Object>) rule.get("spec");
        List<Map<String, Object>> rules = (List<Map<String, Object>>) ((List<Map<String, Object>>) spec.get("groups"))
                .get(0).get("rules");
        assertThat(rules).extracting(r -> r.get("alert")).containsExactly("AperilexHighErrorRate",
                "AperilexTasksFailing", "AperilexSlowIntake", "AperilexDatabasePoolSaturated",
                "AperilexDailyLlmCostHigh", "AperilexEdgarBlocked", "AperilexDeadLetters");

        Files.createDirectories(WORK);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(WORK.resolve("rules.yaml"), new Yaml(options).dump(spec), StandardCharsets.UTF_8);
        Files.copy(Path.of("src/test/resources/alerts/alerts-test.yaml"), WORK.resolve("alerts-test.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(promtool("check", "rules", "rules.yaml")).contains("SUCCESS: 7 rules found");
        assertThat(promtool("test", "rules", "alerts-test.yaml")).contains("SUCCESS");
    }

    @Test
    void noRuleUnlessAsked() {
        assertThat(Chart.names(Chart.renderDefaults(Map.of()))).noneMatch(name -> name.startsWith("PrometheusRule/"));
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed: apt-get install prometheus (.ci/run does)", e);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("promtool " + String.join(" ", args) + ":\n" + output).isZero();
        return output;
    }
}
