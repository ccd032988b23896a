package com.aperilex.flow.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The business metrics on /actuator/prometheus after real work: a task completed with its model call, a request
 * answered from the pool, a task failed with its code, SEC's answers and the budget's waits, the fees charged by
 * tier, the open event streams, the lanes' backlog; every metric the chart's dashboard and alerts query; and no
 * label that
 * names a user, task or filing.
 */
class ServiceMetricsTest extends PipelineTestSupport {

    @Test
    void completedPooledAndFailedWorkIsCountedWithLowCardinalityLabels() throws Exception {
        long cik = 1000891;
        serveCompany(cik, "Metered Corp", "0001000891-24-000001", "metered-10k.htm");
        // A paying user (tests run as ENTERPRISE, which pays no fee): BASIC, with credits an administrator granted.
        String payer = uniqueEmail();
        String payerId = get("/api/v1/me?email=" + payer).json().get("userId").asText();
        assertThat(admin("PUT", "/api/v1/admin/users/" + payerId + "/tier", "{\"tier\": \"BASIC\"}")).isEqualTo(200);
        assertThat(admin("POST", "/api/v1/admin/users/" + payerId + "/credits",
                "{\"amountUsd\": 1, \"reason\": \"metrics test\"}")).isEqualTo(200);
        JsonNode done = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(payer, cik)));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(postJson("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)).status()).as("from the pool").isEqualTo(200);
        // No company with this CIK at SEC (the stub answers 404): FAILED UNKNOWN_COMPANY.
        JsonNode failed = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), 1000892)));
        assertThat(failed.get("error").get("code").asText()).isEqualTo("UNKNOWN_COMPANY");

        String scrape = get("/actuator/prometheus").body();

        assertThat(value(scrape, "aperilex_tasks_finished_total", "code=\"NONE\"", "outcome=\"COMPLETED\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "aperilex_tasks_finished_total", "code=\"UNKNOWN_COMPANY\"", "outcome=\"FAILED\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "aperilex_task_completion_seconds_count")).isGreaterThanOrEqualTo(1);
        assertThat(scrape).contains("aperilex_task_completion_seconds_bucket{");
        assertThat(value(scrape, "aperilex_intake_answers_total", "answer=\"pooled\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "aperilex_intake_answers_total", "answer=\"created\"")).isGreaterThanOrEqualTo(2);
        assertThat(value(scrape, "aperilex_edgar_requests_total", "status=\"2xx\"")).isGreaterThanOrEqualTo(2);
        assertThat(value(scrape, "aperilex_edgar_requests_total", "status=\"404\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "aperilex_llm_calls_total", "outcome=\"OK\"", "provider=\"openai\"", "tier=\"small\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "aperilex_llm_tokens_total", "direction=\"input\"")).isGreaterThan(100);
        assertThat(value(scrape, "aperilex_llm_cost_usd_total", "model=\"gpt-4o-mini\"")).isGreaterThan(0);
        assertThat(scrape).contains("aperilex_edgar_blocks_total");
        // The shared EDGAR budget: the limit, and each request's wait for its slot.
        assertThat(value(scrape, "aperilex_edgar_budget_limit_requests_per_second")).isEqualTo(8);
        assertThat(value(scrape, "aperilex_edgar_budget_wait_seconds_count")).isGreaterThanOrEqualTo(3);
        assertThat(scrape).contains("aperilex_edgar_budget_wait_seconds_bucket{");
        // Fees captured by the payer's tier (dev's users are BASIC): the completed task's analysis and access fees.
        assertThat(value(scrape, "aperilex_credits_charged_usd_total", "tier=\"BASIC\"", "type=\"ANALYSIS\""))
                .isGreaterThan(0);
        assertThat(value(scrape, "aperilex_credits_charged_usd_total", "tier=\"BASIC\"", "type=\"FILING_ACCESS\""))
                .isGreaterThan(0);
        assertThat(value(scrape, "aperilex_credits_granted_usd_total", "tier=\"BASIC\"", "type=\"CREDIT_GRANT\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape).doesNotContain("type=\"RESERVATION\"");
        assertThat(value(scrape, "aperilex_event_streams_open")).isGreaterThanOrEqualTo(0);
        for (String lane : List.of("highest", "high", "standard", "low", "bulk")) {
            assertThat(scrape).contains("aperilex_queue_depth{application=\"aperilex-flow\",lane=\"" + lane + "\"}")
                    .contains("aperilex_queue_oldest_age_seconds{application=\"aperilex-flow\",lane=\"" + lane + "\"}");
        }
        // The chart's Grafana dashboard and alerts query only metrics this scrape has.
        Set<String> exported = scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toSet());
        Set<String> queried = new TreeSet<>();
        queried.addAll(metricNames(Files.readString(Path.of("../helm/aperilex-flow/dashboards/aperilex-flow.json"))));
        queried.addAll(metricNames(Files.readString(Path.of("../helm/aperilex-flow/templates/prometheusrule.yaml"))));
        assertThat(queried).hasSizeGreaterThan(15);
        assertThat(exported).containsAll(queried);

        // Low cardinality: no id or address in any of the service's own series.
        List<String> own = scrape.lines().filter(l -> l.startsWith("aperilex_")).toList();
        assertThat(own).isNotEmpty().noneMatch(l -> l.matches(".*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-.*"))
                .noneMatch(l -> l.contains("@"));
    }

    /** The metric names a PromQL text selects: every name right before a label selector or a range. */
    private static Set<String> metricNames(String text) {
        Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{|\\[)").matcher(text);
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** An administrator's call (auth mode none: every reader is the administrator); its status. */
    private int admin(String method, String path, String json) {
        return send(java.net.http.HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(json)).build()).status();
    }

    /** The sum of a series' samples whose labels include all of {@code labels}. */
    private static double value(String scrape, String name, String... labels) {
        Pattern sample = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$");
        double sum = 0;
        boolean found = false;
        for (String line : scrape.lines().toList()) {
            Matcher m = sample.matcher(line);
            if (m.matches()) {
                String set = m.group(1) == null ? "" : m.group(1);
                boolean all = true;
                for (String label : labels) {
                    all &= set.contains(label);
                }
                if (all) {
                    sum += Double.parseDouble(m.group(2));
                    found = true;
                }
            }
        }
        assertThat(found).as(name + " with " + List.of(labels) + " in the scrape").isTrue();
        return sum;
    }
}
