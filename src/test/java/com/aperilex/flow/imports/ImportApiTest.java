package com.aperilex.flow.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bulk imports end to end: companies resolved once each into bulk-lane tasks (the stub's request log counts every
 * SEC request), the counts, the dedup window, fees reserved, captured only for what was new and released for the
 * rest, and the tier's refusal.
 */
class ImportApiTest extends ImportTestSupport {

    @org.springframework.beans.factory.annotation.Autowired
    ImportQueries imports;

    @Test
    void anImportRunsToCompletionWithOneSubmissionsReadPerCompany() {
        long[] ciks = {1001201, 1001202, 1001203};
        List<List<Filing>> filings = List.of(serveCompany(ciks[0], "Import One", 2025, 2026),
                serveCompany(ciks[1], "Import Two", 2025, 2026), serveCompany(ciks[2], "Import Three", 2025, 2026));
        String body = """
                {"email": "%s", "ciks": ["%d", "%d", "%d"], "formTypes": ["10-K", "10-Q"],
                 "from": "2025-01-01", "to": "2026-11-30"}""".formatted(uniqueEmail(), ciks[0], ciks[1], ciks[2]);

        Reply accepted = postImport(body);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("importId").asText();
        assertThat(accepted.json().get("total").asInt()).isEqualTo(3);
        assertThat(accepted.json().get("created").asBoolean()).isTrue();
        assertThat(accepted.location()).isEqualTo("/api/v1/imports/" + id);

        JsonNode done = awaitImportFinished(id, Duration.ofSeconds(90));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.at("/companies/resolved").asInt()).isEqualTo(3);
        assertThat(done.at("/filings/total").asInt()).isEqualTo(12);
        assertThat(done.at("/filings/completed").asInt()).as(done.toString()).isEqualTo(12);
        assertThat(done.at("/filings/skipped").asInt()).isZero();
        assertThat(done.get("edgarRequests").asInt()).as("one submissions read per company").isEqualTo(3);
        assertThat(done.get("failures")).isEmpty();
        assertThat(done.get("finishedAt").isNull()).isFalse();

        // SEC saw each company's submissions once and each 10-K/10-Q document once; no 8-K.
        for (int i = 0; i < ciks.length; i++) {
            assertThat(EDGAR.requests("/submissions/CIK%010d.*".formatted(ciks[i]))).hasSize(1);
            for (Filing f : filings.get(i)) {
                assertThat(EDGAR.requests(EdgarStub.archivesPath(ciks[i], f.accession(), f.document()))).hasSize(1);
            }
            assertThat(EDGAR.requests("/Archives/edgar/data/%d/.*/e20.*".formatted(ciks[i]))).isEmpty();
        }
        int secRequests = 0;
        for (long cik : ciks) {
            secRequests += EDGAR.requests("/submissions/CIK%010d.*".formatted(cik)).size()
                    + EDGAR.requests("/Archives/edgar/data/%d/.*".formatted(cik)).size();
        }
        System.out.printf("import of 3 companies: %d filings, %d SEC requests = %.3f per filing%n", 12, secRequests,
                secRequests / 12.0);
        assertThat(secRequests).isEqualTo(3 + 12);
        // Every task in the bulk lane.
        assertThat(jdbc.queryForList("SELECT DISTINCT priority FROM tasks WHERE import_id = ?::uuid", Integer.class, id))
                .containsExactly(9);

        // The resolution's counters, low-cardinality.
        String scrape = get("/actuator/prometheus").body();
        assertThat(scrape).containsPattern("aperilex_import_companies_total\\{[^}]*outcome=\"resolved\"[^}]*} [1-9]");
        assertThat(scrape).containsPattern("aperilex_import_filings_total\\{[^}]*outcome=\"made\"[^}]*} [1-9]");

        // The same request again: the same import, nothing new.
        Reply again = postImport(body);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().get("importId").asText()).isEqualTo(id);
        assertThat(again.json().get("created").asBoolean()).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*)::int FROM tasks WHERE import_id = ?::uuid", Integer.class, id))
                .isEqualTo(12);
    }

    @Test
    void feesAreReservedPerFilingCapturedForNewAnalysesAndReleasedForTheRest() {
        long pooledCik = 1001211;
        long importedCik = 1001212;
        List<Filing> pooled = serveCompany(pooledCik, "Pooled Import", 2026);
        List<Filing> imported = serveCompany(importedCik, "Charged Import", 2026);
        // One of them is analysed already (an ordinary request): the import skips it, free.
        JsonNode first = awaitFinished(submit("""
                {"email": "%s", "cik": "%d", "accessionNumber": "%s"}""".formatted(uniqueEmail(), pooledCik,
                pooled.get(1).accession())));
        assertThat(first.get("status").asText()).isEqualTo("COMPLETED");
        // One document is gone at SEC: its task fails, its fee is released.
        Filing missing = imported.get(1);
        EDGAR.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(
                                EdgarStub.archivesPath(importedCik, missing.accession(), missing.document())))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(404)));
        String[] payer = basicUser("2");
        BigDecimal before = balance(payer[1]);

        Reply accepted = postImport("""
                {"email": "%s", "ciks": [%d, %d], "from": "2026-01-01", "to": "2026-11-30"}""".formatted(payer[0],
                pooledCik, importedCik));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("importId").asText();
        JsonNode done = awaitImportFinished(id, Duration.ofSeconds(90));

        assertThat(done.at("/filings/skipped").asInt()).as(done.toString()).isEqualTo(1);
        assertThat(done.at("/filings/completed").asInt()).isEqualTo(2);
        assertThat(done.at("/filings/failed").asInt()).isEqualTo(1);
        assertThat(done.get("failures").get(0).get("accessionNumber").asText()).isEqualTo(missing.accession());
        assertThat(done.get("failures").get(0).get("code").asText()).isEqualTo("FILING_NOT_FOUND");
        assertThat(done.get("feePerFilingUsd").decimalValue()).isEqualByComparingTo("0.05");
        assertThat(done.get("chargedUsd").decimalValue()).isEqualByComparingTo("0.10");
        assertThat(done.get("reservedUsd").decimalValue()).isEqualByComparingTo("0");
        // The ledger: three reservations of 0.05, three releases, two BULK_IMPORT captures; nothing open.
        assertThat(ledgerSum(id, "RESERVATION")).isEqualByComparingTo("-0.15");
        assertThat(ledgerSum(id, "RELEASE")).isEqualByComparingTo("0.15");
        assertThat(ledgerSum(id, "BULK_IMPORT")).isEqualByComparingTo("-0.10");
        assertThat(jdbc.queryForObject("""
                SELECT count(*)::int FROM credit_reservations r JOIN tasks t ON t.id = r.task_id
                WHERE t.import_id = ?::uuid AND r.status = 'OPEN'""", Integer.class, id)).isZero();
        assertThat(balance(payer[1])).isEqualByComparingTo(before.subtract(new BigDecimal("0.10")));
    }

    @Test
    void aTierWithoutImportsIsRefusedAndBadRequestsAreTyped() {
        String demo = uniqueEmail();
        String demoId = get("/api/v1/me?email=" + demo).json().get("userId").asText();
        assertThat(admin("PUT", "/api/v1/admin/users/" + demoId + "/tier", "{\"tier\": \"DEMO\"}").status()).isEqualTo(200);
        Reply refused = postImport("""
                {"email": "%s", "tickers": ["AAPL"]}""".formatted(demo));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().get("rule").asText()).isEqualTo("bulk-import");

        Reply broke = postImport("""
                {"email": "%s", "tickers": ["AAPL"], "ciks": [320193], "years": 0}""".formatted(uniqueEmail()));
        assertThat(broke.status()).isEqualTo(400);
        assertThat(broke.contentType()).startsWith("application/problem+json");
        assertThat(postImport("{\"tickers\": [\"AAPL\"]}").status()).as("dev needs the email").isEqualTo(400);
        assertThat(get("/api/v1/imports/not-a-uuid").status()).isEqualTo(400);
        assertThat(get("/api/v1/imports/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void aTickerImportReadsTheTickerListOnceAndAnUnknownTickerFailsOnlyItsCompany() {
        // AAPL's real submissions (stubbed): its 10-Ks of fiscal 2022 and 2023 (filed 2022-10-28 and 2023-11-03).
        Reply accepted = postImport("""
                {"email": "%s", "tickers": ["AAPL", "NOSUCH"], "formTypes": ["10-K"],
                 "from": "2022-10-01", "to": "2022-11-30"}""".formatted(uniqueEmail()));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode done = awaitImportFinished(accepted.json().get("importId").asText(), Duration.ofSeconds(60));
        assertThat(done.at("/companies/resolved").asInt()).as(done.toString()).isEqualTo(1);
        assertThat(done.at("/companies/failed").asInt()).isEqualTo(1);
        assertThat(done.get("failures").get(0).get("company").asText()).isEqualTo("NOSUCH");
        assertThat(done.get("failures").get(0).get("code").asText()).isEqualTo("UNKNOWN_TICKER");
        assertThat(done.at("/filings/total").asInt()).isEqualTo(1);
    }

    @Test
    void concurrentIdenticalRequestsMakeOneImport() throws Exception {
        String body = """
                {"email": "%s", "ciks": [1001291, 1001292], "from": "2026-01-01", "to": "2026-11-30"}""".formatted(
                uniqueEmail());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Reply>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(pool.submit(() -> postImport(body)));
            }
            java.util.Set<String> ids = new java.util.HashSet<>();
            int created = 0;
            for (java.util.concurrent.Future<Reply> reply : replies) {
                Reply r = reply.get();
                assertThat(r.status()).as(r.body()).isEqualTo(202);
                ids.add(r.json().get("importId").asText());
                created += r.json().get("created").asBoolean() ? 1 : 0;
            }
            assertThat(ids).hasSize(1);
            assertThat(created).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT count(*)::int FROM import_companies WHERE import_id = ?::uuid",
                    Integer.class, ids.iterator().next())).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    private BigDecimal balance(String userId) {
        return jdbc.queryForObject("SELECT balance_usd FROM users WHERE id = ?::uuid", BigDecimal.class, userId);
    }

    private BigDecimal ledgerSum(String importId, String type) {
        return jdbc.queryForObject("""
                SELECT COALESCE(sum(u.amount_usd), 0) FROM usage_transactions u JOIN tasks t ON t.id = u.task_id
                WHERE t.import_id = ?::uuid AND u.type = ?""", BigDecimal.class, importId, type);
    }

    @Test
    void aUsersImportsAreListedNewestFirstAPageAtATime() {
        String email = uniqueEmail();
        String userId = get("/api/v1/me?email=" + email).json().get("userId").asText();
        String[] made = new String[3];
        for (int i = 0; i < 3; i++) {
            Reply accepted = postImport("""
                    {"email": "%s", "ciks": [%d], "years": 1}""".formatted(email, 1001301 + i));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            made[i] = accepted.json().get("importId").asText();
        }

        // Auth mode none reads as the administrator: userId picks the user's.
        Reply first = get("/api/v1/imports?userId=" + userId + "&limit=2");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("imports").findValuesAsText("importId")).containsExactly(made[2], made[1]);
        assertThat(first.json().at("/imports/0/userId").asText()).isEqualTo(userId);
        assertThat(first.json().at("/imports/0/failures").size()).isZero();
        String next = first.json().get("nextBefore").asText();
        assertThat(next).isEqualTo(made[1]);
        Reply last = get("/api/v1/imports?userId=" + userId + "&limit=2&before=" + next);
        assertThat(last.json().get("imports").findValuesAsText("importId")).containsExactly(made[0]);
        assertThat(last.json().get("nextBefore").isNull()).isTrue();

        Reply bad = get("/api/v1/imports?limit=51&before=nope&userId=7");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("limit", "before", "userId");

        // Anyone else sees only their own, and may not name another user.
        com.aperilex.flow.domain.UserId owner = new com.aperilex.flow.domain.UserId(java.util.UUID.fromString(userId));
        com.aperilex.flow.domain.Caller caller = new com.aperilex.flow.domain.Caller(owner, "email:" + email, null, false);
        assertThat(imports.page(caller, null, null, null).imports()).extracting(v -> v.id().value().toString())
                .containsExactly(made[2], made[1], made[0]);
        String other = get("/api/v1/me?email=" + uniqueEmail()).json().get("userId").asText();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> imports.page(caller, other, null, null))
                .isInstanceOf(com.aperilex.flow.accounts.AdminOnlyException.class);
    }
}
