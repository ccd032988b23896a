package com.aperilex.flow.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** helm lint --strict on the chart with each values file the project ships. */
class ChartLintTest {

    @Test
    void lintsStrictWithTheLocalValues(@TempDir Path dir) {
        assertClean(new Helm(Chart.copyWithValues(Chart.LOCAL_VALUES, dir.resolve("aperilex-flow"))).lint().strict().call());
    }

    @Test
    void lintsStrictWithTheAwsValues(@TempDir Path dir) {
        assertClean(new Helm(Chart.copyWithValues(Chart.AWS_VALUES, dir.resolve("aperilex-flow"))).lint().strict().call());
    }

    @Test
    void lintsStrictWithTheDefaultsOnceTheUserAgentIsGiven(@TempDir Path dir) throws IOException {
        Path overlay = Files.writeString(dir.resolve("ua.yaml"), "edgar:\n  userAgent: \"" + Chart.USER_AGENT + "\"\n");
        assertClean(new Helm(Chart.copyWithValues(overlay, dir.resolve("aperilex-flow"))).lint().strict().call());
    }

    /** Lint renders in lint mode, where a missing required value is tolerated: the defaults lint clean too. */
    @Test
    void lintsStrictWithTheChartsOwnDefaults() {
        assertClean(new Helm(Chart.DIR).lint().strict().call());
    }

    private static void assertClean(LintResult result) {
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).as("lint messages").isEmpty();
    }
}
