package com.aperilex.flow.imports;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.edgar.FilingDescriptor;
import com.aperilex.flow.persistence.ImportRecords;
import com.aperilex.flow.persistence.ImportResolutions;
import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An import's life beyond the happy path: a replica that dies holding a company's lease (another takes the company
 * over once the lease runs out, nothing is fetched twice, its late answer changes nothing), a cancellation while
 * tasks wait in the bulk lane (they end CANCELLED, their fees released, never run), and the progress stream.
 */
class ImportLifecycleTest extends ImportTestSupport {

    @Autowired
    CamelContext camel;

    @Autowired
    ImportResolutions resolutions;

    @Test
    void aCompanyLeasedByADeadReplicaIsTakenOverWithoutFetchingAnythingTwice() throws Exception {
        long[] ciks = {1001241, 1001242, 1001243};
        List<List<Filing>> filings = new ArrayList<>();
        for (long cik : ciks) {
            filings.add(serveCompany(cik, "Resumed " + cik, 2025, 2026));
        }
        camel.getRouteController().stopRoute("resolve-imports");
        String id;
        ImportResolutions.Lease dead;
        try {
            Reply accepted = postImport("""
                    {"email": "%s", "ciks": [%d, %d, %d], "from": "2025-01-01", "to": "2026-11-30"}""".formatted(
                    uniqueEmail(), ciks[0], ciks[1], ciks[2]));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            id = accepted.json().get("importId").asText();
            // A replica leases the first company and dies before it asks SEC anything.
            dead = resolutions.lease(Instant.now(), Duration.ofMinutes(10), 200).orElseThrow();
            assertThat(dead.importId().toString()).isEqualTo(id);
            assertThat(dead.position()).isZero();
        } finally {
            camel.getRouteController().startRoute("resolve-imports");
        }
        // The others are resolved meanwhile; the dead replica's company waits for its lease.
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/api/v1/imports/" + id).json()
                .at("/companies/resolved").asInt() == 2);
        assertThat(jdbc.queryForObject("SELECT status FROM import_companies WHERE import_id = ?::uuid AND position = 0",
                String.class, id)).isEqualTo("PENDING");
        // The lease runs out (as after aperilex.imports.lease): another replica takes the company over.
        jdbc.update("UPDATE import_companies SET leased_until = now() - interval '1 second' "
                + "WHERE import_id = ?::uuid AND position = 0", id);

        JsonNode done = awaitImportFinished(id, Duration.ofSeconds(90));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.at("/filings/completed").asInt()).isEqualTo(12);
        assertThat(jdbc.queryForObject("SELECT attempts FROM import_companies WHERE import_id = ?::uuid AND position = 0",
                Integer.class, id)).isEqualTo(2);
        for (int i = 0; i < ciks.length; i++) {
            assertThat(EDGAR.requests("/submissions/CIK%010d.*".formatted(ciks[i]))).hasSize(1);
            for (Filing f : filings.get(i)) {
                assertThat(EDGAR.requests(EdgarStub.archivesPath(ciks[i], f.accession(), f.document()))).hasSize(1);
            }
        }
        // The dead replica comes back and records what it would have found: nothing changes.
        Filing f = filings.get(0).get(0);
        FilingDescriptor late = new FilingDescriptor("edgar", new Cik(ciks[0]), null, "Resumed", AccessionNumber.of(
                f.accession()), FormType.fromEdgarName(f.form()), LocalDate.parse(f.filed()), null, f.document(),
                EDGAR.baseUrl() + EdgarStub.archivesPath(ciks[0], f.accession(), f.document()));
        ImportResolutions.Resolved resolved = resolutions.record(dead, List.of(late), 1, 2, LlmStubModel.NAME, null,
                Instant.now(), LocalDate.now());
        assertThat(resolved.tasks()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*)::int FROM tasks WHERE import_id = ?::uuid", Integer.class, id))
                .isEqualTo(12);
    }

    @Test
    void cancellingEndsTheQueuedTasksReleasesTheirFeesAndTheyNeverRun() throws Exception {
        long cik = 1001251;
        List<Filing> filings = serveCompany(cik, "Cancelled Import", 2024, 2025, 2026);
        // Each document takes a second: most tasks still wait in the bulk lane when the import is cancelled.
        for (Filing f : filings) {
            EDGAR.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo(EdgarStub.archivesPath(cik, f.accession(), f.document())))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withFixedDelay(1000)
                            .withBody(EdgarStub.fixtureDocument("Cancelled Import"))));
        }
        String[] payer = basicUser("2");
        Reply accepted = postImport("""
                {"email": "%s", "ciks": [%d], "from": "2024-01-01", "to": "2026-11-30"}""".formatted(payer[0], cik));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("importId").asText();
        String events = accepted.json().get("eventsUrl").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/api/v1/imports/" + id).json().at("/filings/total").asInt() == 6);

        Reply cancelled = deleteImport(id);
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELLED");
        int cancelledTasks = cancelled.json().at("/filings/cancelled").asInt();
        assertThat(cancelledTasks).as(cancelled.body()).isPositive();

        // What was running finishes; nothing else starts.
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                SELECT count(*)::int FROM tasks WHERE import_id = ?::uuid
                AND status IN ('PENDING', 'QUEUED', 'PROCESSING', 'RETRYING')""", Integer.class, id) == 0);
        Thread.sleep(2000);
        List<String> cancelledAccessions = jdbc.queryForList(
                "SELECT accession_number FROM tasks WHERE import_id = ?::uuid AND status = 'CANCELLED'", String.class, id);
        assertThat(cancelledAccessions).hasSize(cancelledTasks);
        for (Filing f : filings) {
            if (cancelledAccessions.contains(f.accession())) {
                assertThat(EDGAR.requests(EdgarStub.archivesPath(cik, f.accession(), f.document())))
                        .as("a cancelled task never runs").isEmpty();
            }
        }
        JsonNode after = get("/api/v1/imports/" + id).json();
        int completed = after.at("/filings/completed").asInt();
        assertThat(completed + cancelledTasks).isEqualTo(6);
        // Six fees reserved, all released, the completed ones captured.
        BigDecimal fee = new BigDecimal("0.05");
        assertThat(ledgerSum(id, "RESERVATION")).isEqualByComparingTo(fee.multiply(BigDecimal.valueOf(-6)));
        assertThat(ledgerSum(id, "RELEASE")).isEqualByComparingTo(fee.multiply(BigDecimal.valueOf(6)));
        assertThat(ledgerSum(id, "BULK_IMPORT")).isEqualByComparingTo(fee.multiply(BigDecimal.valueOf(-completed)));
        assertThat(after.get("chargedUsd").decimalValue()).isEqualByComparingTo(fee.multiply(BigDecimal.valueOf(completed)));
        // A second cancellation changes nothing.
        assertThat(deleteImport(id).json().at("/filings/cancelled").asInt()).isEqualTo(cancelledTasks);

        // The stream token of the 202 opens the progress stream: it shows the final state and ends.
        HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + events)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        StringBuilder text = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                text.append(line).append('\n');
            }
        }
        assertThat(text.toString()).contains("event:progress").contains("\"status\":\"CANCELLED\"");
        // An unknown import's stream is 404 (on dev every reader is the anonymous administrator; the token tests of
        // mode jwt are the tasks' StreamTokens tests, which import tokens share).
        String other = events.replace(id, java.util.UUID.randomUUID().toString());
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + other))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
    }

    @Test
    void theTiersLimitAndTheBalanceCapWhatACompanyBecomes() throws Exception {
        String[] payer = basicUser("1");
        com.aperilex.flow.domain.UserId owner = new com.aperilex.flow.domain.UserId(java.util.UUID.fromString(payer[1]));
        BigDecimal balance = jdbc.queryForObject("SELECT balance_usd FROM users WHERE id = ?::uuid", BigDecimal.class,
                payer[1]);
        // A fee of half the balance: two filings are covered, the third is not.
        BigDecimal fee = balance.divide(BigDecimal.valueOf(2), 4, java.math.RoundingMode.FLOOR);
        long limited = 1001281;
        long unpaid = 1001282;
        List<FilingDescriptor> limitedFilings = descriptors(limited, serveCompany(limited, "Limited", 2025, 2026));
        List<FilingDescriptor> unpaidFilings = descriptors(unpaid, serveCompany(unpaid, "Unpaid", 2025, 2026));
        camel.getRouteController().stopRoute("resolve-imports");
        try {
            // The tier allows three filings per import; the first company holds four.
            ImportRecords.Made capped = records.make(new ImportRecords.Terms(owner, ImportRecords.Kind.USER,
                    com.aperilex.flow.domain.ModelTier.SMALL, 9, BigDecimal.ZERO, 3), "limit-" + java.util.UUID.randomUUID(),
                    "{\"formTypes\": [\"10-K\", \"10-Q\"], \"from\": \"2025-01-01\", \"to\": \"2026-11-30\"}",
                    List.of(new ImportRecords.Company(null, new Cik(limited))), Instant.now(), Duration.ofHours(1));
            ImportResolutions.Lease lease = resolutions.lease(Instant.now(), Duration.ofMinutes(1), 200).orElseThrow();
            assertThat(lease.importId()).isEqualTo(capped.id());
            ImportResolutions.Resolved resolved = resolutions.record(lease, limitedFilings, 1, 2, LlmStubModel.NAME, null,
                    Instant.now(), LocalDate.now());
            assertThat(resolved.filings()).isEqualTo(3);
            assertThat(resolved.overLimit()).isEqualTo(1);

            // The balance covers two filings' fees: two tasks, and the company FAILED INSUFFICIENT_CREDITS.
            ImportRecords.Made poor = records.make(new ImportRecords.Terms(owner, ImportRecords.Kind.USER,
                    com.aperilex.flow.domain.ModelTier.SMALL, 9, fee, null), "unpaid-" + java.util.UUID.randomUUID(),
                    "{\"formTypes\": [\"10-K\", \"10-Q\"], \"from\": \"2025-01-01\", \"to\": \"2026-11-30\"}",
                    List.of(new ImportRecords.Company(null, new Cik(unpaid))), Instant.now(), Duration.ofHours(1));
            ImportResolutions.Lease second = resolutions.lease(Instant.now(), Duration.ofMinutes(1), 200).orElseThrow();
            assertThat(second.importId()).isEqualTo(poor.id());
            ImportResolutions.Resolved covered = resolutions.record(second, unpaidFilings, 1, 2, LlmStubModel.NAME, null,
                    Instant.now(), LocalDate.now());
            assertThat(covered.filings()).isEqualTo(2);
            assertThat(covered.unpaid()).isEqualTo(2);
            assertThat(jdbc.queryForObject("SELECT error_code FROM import_companies WHERE import_id = ?", String.class,
                    poor.id().value())).isEqualTo("INSUFFICIENT_CREDITS");
            assertThat(jdbc.queryForObject("SELECT balance_usd FROM users WHERE id = ?::uuid", BigDecimal.class, payer[1]))
                    .as("two fees held, never below zero").isEqualByComparingTo(balance.subtract(fee.multiply(BigDecimal.valueOf(2))));
        } finally {
            camel.getRouteController().startRoute("resolve-imports");
        }
    }

    @Autowired
    ImportRecords records;

    private List<FilingDescriptor> descriptors(long cik, List<Filing> filings) {
        return filings.stream().map(f -> new FilingDescriptor("edgar", new Cik(cik), null, "Company " + cik,
                AccessionNumber.of(f.accession()), FormType.fromEdgarName(f.form()), LocalDate.parse(f.filed()), null,
                f.document(), EDGAR.baseUrl() + EdgarStub.archivesPath(cik, f.accession(), f.document()))).toList();
    }

    private BigDecimal ledgerSum(String importId, String type) {
        return jdbc.queryForObject("""
                SELECT COALESCE(sum(u.amount_usd), 0) FROM usage_transactions u JOIN tasks t ON t.id = u.task_id
                WHERE t.import_id = ?::uuid AND u.type = ?""", BigDecimal.class, importId, type);
    }

    /** The pool's model key of the stub LLM. */
    private static final class LlmStubModel {
        static final String NAME = com.aperilex.flow.stubs.LlmStub.MODEL;
    }
}
