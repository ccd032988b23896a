package com.aperilex.flow.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * "The latest" filing passes intake's history check and is dated only once the worker resolves it: a tier with a
 * one-year window gets a filing from 2024 refused by the worker, OUTSIDE_TIER_ACCESS, before any download.
 */
@TestPropertySource(properties = {
        "aperilex.accounts.default-tier=PROFESSIONAL",
        "aperilex.tiers.professional.max-history-years=1"})
class WorkerHistoryCheckTest extends PipelineTestSupport {

    @Test
    void aLatestFilingOlderThanTheTiersWindowFailsTheTaskOutsideTierAccess() {
        long cik = 1003021;
        String accession = "0001003021-24-000001";
        serveCompany(cik, "Stopped Filing Corp", accession, "stopped-10k.htm"); // filed 2024-02-20
        String taskId = submit("{\"email\": \"" + uniqueEmail() + "\", \"cik\": \"" + cik + "\"}");
        assertThat(jdbc.queryForObject("SELECT filed_since FROM tasks WHERE id = ?::uuid", LocalDate.class, taskId))
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).minusYears(1));

        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("FAILED");
        assertThat(task.get("error").get("code").asText()).isEqualTo("OUTSIDE_TIER_ACCESS");
        assertThat(storedError(task)).contains(accession, "2024-02-20");
        assertThat(history(taskId)).doesNotContain("RETRYING");
        assertThat(EDGAR.requests(".*/stopped-10k.htm")).as("no download").isEmpty();

        // Named by its accession, the same filing is refused at intake: its year ended before the window began.
        Reply named = postJson("{\"email\": \"" + uniqueEmail() + "\", \"cik\": \"" + cik
                + "\", \"accessionNumber\": \"" + accession + "\"}");
        assertThat(named.status()).as(named.body()).isEqualTo(403);
        assertThat(named.json().get("rule").asText()).isEqualTo("history");
        assertThat(named.json().get("tier").asText()).isEqualTo("PROFESSIONAL");
    }
}
