package com.aperilex.flow.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The fees a task's end settles, through the worker pipeline against the EDGAR and LLM stubs: the user whose
 * task made an analysis pays access and analysis; the next user of the pooled analysis pays access only, once;
 * a failed task's reservation is released; a pooled answer the balance does not cover records nothing.
 */
@TestPropertySource(properties = {
        "aperilex.accounts.default-tier=BASIC",
        "aperilex.tiers.basic.requests-per-hour=100000",
        "aperilex.tiers.basic.requests-per-day=100000",
        "aperilex.tiers.basic.concurrent-analyses=100",
        "aperilex.tiers.basic.max-history-years=100",
        "aperilex.tiers.basic.universe=ALL",
        "aperilex.tiers.basic.filing-access-fee-usd=0.10",
        "aperilex.tiers.basic.analysis-fee-usd=0.02",
        "aperilex.tiers.basic.monthly-credits-usd=1.00",
        "aperilex.tiers.professional.requests-per-hour=100000",
        "aperilex.tiers.professional.requests-per-day=100000",
        "aperilex.tiers.professional.universe=ALL",
        "aperilex.tiers.professional.max-history-years=100",
        "aperilex.tiers.professional.filing-access-fee-usd=5"
})
class PooledChargesTest extends PipelineTestSupport {

    @Test
    void theMakerPaysAccessAndAnalysisTheNextUserOfThePoolPaysAccessOnlyOnce() {
        long cik = 1_004_401;
        String accession = "0001004401-24-000001";
        serveCompany(cik, "Pooled Fees Corp", accession, "pooled-10k.htm");
        String maker = uniqueEmail();
        String taskId = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(maker, cik));
        UUID makerId = userOf(maker);
        assertThat(balance(makerId)).as("0.12 reserved while the task runs").isEqualByComparingTo("0.88");

        JsonNode task = awaitFinished(taskId);

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(types(makerId)).containsExactly("MONTHLY_CREDIT", "RESERVATION", "RELEASE", "FILING_ACCESS",
                "ANALYSIS");
        assertThat(balance(makerId)).isEqualByComparingTo("0.88");
        assertThat(ledgerSum(makerId)).isEqualByComparingTo(balance(makerId));
        assertThat(jdbc.queryForObject("SELECT status FROM credit_reservations WHERE task_id = ?::uuid", String.class,
                taskId)).isEqualTo("SETTLED");
        assertThat(jdbc.queryForObject("SELECT made_by_task_id FROM analyses WHERE id = ?::uuid", UUID.class,
                task.get("analysisId").asText())).isEqualTo(UUID.fromString(taskId));
        assertThat(accessRows(makerId)).isEqualTo(1);

        String second = uniqueEmail();
        Reply pooled = postJson("""
                {"email": "%s", "cik": "%d"}""".formatted(second, cik));
        assertThat(pooled.status()).as(pooled.body()).isEqualTo(200);
        UUID secondId = userOf(second);
        assertThat(types(secondId)).containsExactly("MONTHLY_CREDIT", "FILING_ACCESS");
        assertThat(balance(secondId)).isEqualByComparingTo("0.90");

        // The same user again (now by accession): access already paid, nothing more.
        Reply again = postJson("""
                {"email": "%s", "cik": "%d", "accessionNumber": "%s"}""".formatted(second, cik, accession));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(types(secondId)).containsExactly("MONTHLY_CREDIT", "FILING_ACCESS");
        assertThat(ledgerSum(secondId)).isEqualByComparingTo(balance(secondId)).isEqualByComparingTo("0.90");
        assertThat(accessRows(secondId)).isEqualTo(1);
    }

    @Test
    void aFailedTasksReservationIsReleasedAndAPooledAnswerTheBalanceCannotCoverRecordsNothing() {
        long failing = 1_004_402;
        EDGAR.submissions(failing, submissions(failing, "Failing Fees Corp", "0001004402-24-000001", "../x.htm"));
        String email = uniqueEmail();
        String taskId = submit("""
                {"email": "%s", "cik": "%d"}""".formatted(email, failing));
        UUID user = userOf(email);

        JsonNode task = awaitFinished(taskId);

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("FAILED");
        assertThat(types(user)).containsExactly("MONTHLY_CREDIT", "RESERVATION", "RELEASE");
        assertThat(balance(user)).isEqualByComparingTo("1.00");
        assertThat(ledgerSum(user)).isEqualByComparingTo("1.00");
        assertThat(jdbc.queryForObject("SELECT status FROM credit_reservations WHERE task_id = ?::uuid", String.class,
                taskId)).isEqualTo("RELEASED");
        assertThat(accessRows(user)).isZero();

        // A pooled analysis whose access fee (PROFESSIONAL's 5.00 here) the balance does not cover: 402, nothing kept.
        long pooledCik = 1_004_403;
        serveCompany(pooledCik, "Costly Pool Corp", "0001004403-24-000001", "costly-10k.htm");
        assertThat(awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), pooledCik))).get("status").asText())
                .isEqualTo("COMPLETED");
        jdbc.update("UPDATE users SET tier = 'PROFESSIONAL' WHERE id = ?", user);
        Reply refused = postJson("""
                {"email": "%s", "cik": "%d"}""".formatted(email, pooledCik));

        assertThat(refused.status()).as(refused.body()).isEqualTo(402);
        JsonNode problem = refused.json();
        assertThat(problem.get("type").asText()).endsWith("/insufficient-credits");
        assertThat(new BigDecimal(problem.get("balanceUsd").asText())).isEqualByComparingTo("1.00");
        assertThat(new BigDecimal(problem.get("priceUsd").asText())).isEqualByComparingTo("5");
        assertThat(types(user)).containsExactly("MONTHLY_CREDIT", "RESERVATION", "RELEASE");
        assertThat(accessRows(user)).isZero();
    }

    private UUID userOf(String email) {
        return jdbc.queryForObject("SELECT id FROM users WHERE lower(email) = lower(?)", UUID.class, email);
    }

    private BigDecimal balance(UUID user) {
        return jdbc.queryForObject("SELECT balance_usd FROM users WHERE id = ?", BigDecimal.class, user);
    }

    private BigDecimal ledgerSum(UUID user) {
        return jdbc.queryForObject("SELECT COALESCE(sum(amount_usd), 0) FROM usage_transactions WHERE user_id = ?",
                BigDecimal.class, user);
    }

    private List<String> types(UUID user) {
        return jdbc.queryForList("SELECT type FROM usage_transactions WHERE user_id = ? ORDER BY id", String.class,
                user);
    }

    private long accessRows(UUID user) {
        return jdbc.queryForObject("SELECT count(*) FROM user_filing_access WHERE user_id = ?", Long.class, user);
    }
}
