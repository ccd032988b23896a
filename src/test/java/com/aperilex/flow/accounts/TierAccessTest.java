package com.aperilex.flow.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.domain.Sha256;
import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.aperilex.flow.storage.DocumentStorage;
import com.aperilex.flow.storage.StorageKey;
import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * What a DEMO user may ask for (the shipped defaults: the S&P 500, 10-K and 10-Q, two years of history) and that
 * DEMO is served from the pool only: its tasks run on the pool data source and never reach SEC EDGAR (the EDGAR
 * stub counts every request).
 */
// DEMO pays its analyses as it goes: a dollar of credits lets its users make the pool's new analyses.
@TestPropertySource(properties = {"aperilex.accounts.default-tier=DEMO", "aperilex.tiers.demo.monthly-credits-usd=1"})
class TierAccessTest extends PipelineTestSupport {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Autowired
    DocumentStorage storage;

    private Reply ask(String email, String fields) {
        return postJson("{\"email\": \"" + email + "\", " + fields + "}");
    }

    private static void assertOutside(Reply reply, String rule) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
        JsonNode problem = reply.json();
        assertThat(problem.get("type").asText()).isEqualTo("https://aperilex.com/problems/outside-tier-access");
        assertThat(problem.get("rule").asText()).isEqualTo(rule);
        assertThat(problem.get("tier").asText()).isEqualTo("DEMO");
        assertThat(problem.get("detail").asText()).contains("DEMO");
    }

    private long tasksOf(String email) {
        return jdbc.queryForObject("SELECT count(*) FROM tasks t JOIN users u ON u.id = t.user_id WHERE u.email = ?",
                Long.class, email);
    }

    /** A filing the pool stores (its document in storage, checksum on the row), with no analysis yet. */
    private String storeInPool(long cik, String ticker, String company, LocalDate filed) {
        String accession = "%010d-%02d-%06d".formatted(cik, filed.getYear() % 100, (int) (Math.random() * 999_999));
        byte[] document = EdgarStub.fixtureDocument(company).getBytes(StandardCharsets.UTF_8);
        StorageKey key = new StorageKey("filings/%010d/%s/pool-10k.htm".formatted(cik, accession));
        storage.put(key, document, "text/html");
        jdbc.update("""
                INSERT INTO filings (id, cik, ticker, company_name, accession_number, form_type, filing_date, period_of_report,
                                     primary_document, document_url, storage_key, sha256, size_bytes, stored_at)
                VALUES (?, ?, ?, ?, ?, '10-K', ?, ?, 'pool-10k.htm', ?, ?, ?, ?, now())""",
                UUID.randomUUID(), cik, ticker, company, accession, Date.valueOf(filed), Date.valueOf(filed.minusMonths(2)),
                "https://www.sec.gov/Archives/edgar/data/" + cik + "/" + accession.replace("-", "") + "/pool-10k.htm",
                key.value(), Sha256.hex(document), document.length);
        return accession;
    }

    @Test
    void aCompanyOutsideTheSp500IsRefused() {
        String email = uniqueEmail();
        assertOutside(ask(email, "\"ticker\": \"ZZZZ\""), "universe");
        assertOutside(ask(email, "\"cik\": \"4242\""), "universe");
        assertThat(tasksOf(email)).isZero();
    }

    @Test
    void aFormTypeOutsideTheTierIsRefused() {
        String email = uniqueEmail();
        assertOutside(ask(email, "\"ticker\": \"AAPL\", \"formType\": \"8-K\""), "form-type");
        assertThat(tasksOf(email)).isZero();
    }

    @Test
    void aFilingOlderThanTwoYearsIsRefusedByItsAccessionsYearOrItsPooledFilingDate() {
        String email = uniqueEmail();
        Reply old = ask(email, "\"ticker\": \"AAPL\", \"accessionNumber\": \"0000320193-19-000119\"");
        assertOutside(old, "history");
        assertThat(old.json().get("detail").asText()).contains("2 years", "2019");
        // The accession names this year, but the pool knows the filing's real date: three years ago.
        String pooled = storeInPool(1800, "ABT", "Abbott Laboratories", TODAY.minusYears(3));
        String renamed = "0000001800-%02d-%s".formatted(TODAY.getYear() % 100, pooled.substring(14));
        jdbc.update("UPDATE filings SET accession_number = ? WHERE accession_number = ?", renamed, pooled);
        assertOutside(ask(email, "\"cik\": \"1800\", \"accessionNumber\": \"" + renamed + "\""), "history");
        assertThat(tasksOf(email)).isZero();
    }

    @Test
    void anSp500FilingThePoolDoesNotHoldIsNotInTheDemoSetAndNeverReachesEdgar() {
        String email = uniqueEmail();
        int before = EDGAR.requests(".*").size();
        Reply latest = ask(email, "\"cik\": \"66740\"");
        assertThat(latest.status()).as(latest.body()).isEqualTo(403);
        assertThat(latest.json().get("type").asText()).isEqualTo("https://aperilex.com/problems/not-in-demo-set");
        Reply named = ask(email, "\"ticker\": \"MMM\", \"accessionNumber\": \"0000066740-%02d-000001\""
                .formatted(TODAY.getYear() % 100));
        assertThat(named.status()).as(named.body()).isEqualTo(403);
        assertThat(named.json().get("type").asText()).isEqualTo("https://aperilex.com/problems/not-in-demo-set");
        assertThat(tasksOf(email)).as("no task").isZero();
        assertThat(EDGAR.requests(".*")).as("no EDGAR call").hasSize(before);
    }

    @Test
    void aDemoTaskIsServedFromThePoolWithoutEdgarAndThenAnsweredFromThePool() {
        long cik = 91142; // A. O. Smith, in the S&P 500
        String accession = storeInPool(cik, "AOS", "A. O. Smith Pool Corp", TODAY.minusMonths(4));
        // An older stored filing: "the latest" is the newest the pool holds.
        storeInPool(cik, "AOS", "A. O. Smith Older Corp", TODAY.minusMonths(16));

        String taskId = submit("{\"email\": \"" + uniqueEmail() + "\", \"cik\": \"" + cik + "\"}");
        assertThat(jdbc.queryForObject("SELECT filing_source FROM tasks WHERE id = ?::uuid", String.class, taskId))
                .isEqualTo("pool");
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.get("filing").get("accessionNumber").asText()).isEqualTo(accession);
        JsonNode doc = get("/api/v1/analyses/" + task.get("analysisId").asText()).json();
        assertThat(doc.get("filing").get("companyName").asText()).isEqualTo("A. O. Smith Pool Corp");
        assertThat(EDGAR.requests(".*/CIK%010d.*|.*/data/%d/.*".formatted(cik, cik))).as("no EDGAR call").isEmpty();

        // Other DEMO users asking for that filing, by CIK or by ticker, are answered from the pool at once.
        for (String company : new String[] {"\"cik\": \"" + cik + "\"", "\"ticker\": \"aos\""}) {
            Reply pooled = ask(uniqueEmail(), company + ", \"accessionNumber\": \"" + accession + "\"");
            assertThat(pooled.status()).as(pooled.body()).isEqualTo(200);
            assertThat(pooled.json().get("analysisId").asText()).isEqualTo(task.get("analysisId").asText());
        }
        // A paid tier's request of "the latest" is not answered with the pool's newest: it was never marked latest.
        assertThat(jdbc.queryForObject("SELECT latest_resolved_at IS NULL FROM filings WHERE accession_number = ?",
                Boolean.class, accession)).isTrue();
        assertThat(EDGAR.requests(".*/CIK%010d.*|.*/data/%d/.*".formatted(cik, cik))).isEmpty();
    }

    @Test
    void aPoolTaskWhoseStoredDocumentIsGoneFailsFilingNotFoundWithoutEdgar() {
        long cik = 1800; // Abbott Laboratories
        String accession = storeInPool(cik, "ABT", "Abbott Vanished Corp", TODAY.minusMonths(1));
        String key = jdbc.queryForObject("SELECT storage_key FROM filings WHERE accession_number = ?", String.class, accession);
        assertThat(storage.delete(new StorageKey(key))).isTrue();

        String taskId = submit("{\"email\": \"" + uniqueEmail() + "\", \"cik\": \"" + cik
                + "\", \"accessionNumber\": \"" + accession + "\"}");
        JsonNode task = awaitFinished(taskId);
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("FAILED");
        assertThat(task.get("error").get("code").asText()).isEqualTo("FILING_NOT_FOUND");
        assertThat(storedError(task)).contains("the pool's copy", accession);
        assertThat(EDGAR.requests(".*/CIK%010d.*|.*/data/%d/.*".formatted(cik, cik))).as("no EDGAR call").isEmpty();
    }
}
