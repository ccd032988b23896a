package com.aperilex.flow.imports;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An import never gets in the way of people: while its backlog waits in the bulk lane, the importer's own
 * interactive request is admitted (an import's tasks do not count against the tier's concurrent analyses) and
 * completes ahead of the backlog, in its tier's lane.
 */
class ImportLanePriorityTest extends ImportTestSupport {

    @Test
    void anInteractiveRequestGoesAheadOfTheImportsBacklog() {
        long[] ciks = {1001271, 1001272, 1001273, 1001274};
        for (long cik : ciks) {
            // Slow documents (0.4 s each): the import's tasks pile up in the bulk lane.
            for (Filing f : serveCompany(cik, "Backlog " + cik, 2024, 2025, 2026)) {
                EDGAR.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        urlEqualTo(EdgarStub.archivesPath(cik, f.accession(), f.document())))
                        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                                .withFixedDelay(400).withBody(EdgarStub.fixtureDocument("Backlog " + cik))));
            }
        }
        long interactive = 1001275;
        List<Filing> asked = serveCompany(interactive, "Interactive Corp", 2026);
        String[] payer = basicUser("5");
        Reply accepted = postImport("""
                {"email": "%s", "ciks": [%d, %d, %d, %d], "from": "2024-01-01", "to": "2026-11-30"}""".formatted(
                payer[0], ciks[0], ciks[1], ciks[2], ciks[3]));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("importId").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/api/v1/imports/" + id).json().at("/filings/queued").asInt() >= 8);

        // BASIC allows 3 concurrent analyses; the import's open tasks do not count.
        Reply reply = postJson("""
                {"email": "%s", "cik": "%d"}""".formatted(payer[0], interactive));
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        JsonNode task = awaitFinished(reply.json().get("taskId").asText(), Duration.ofSeconds(30));
        JsonNode during = get("/api/v1/imports/" + id).json();

        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.at("/filing/accessionNumber").asText()).isEqualTo(asked.get(1).accession());
        assertThat(during.at("/filings/queued").asInt()).as("the backlog still waits: " + during).isPositive();
        assertThat(jdbc.queryForObject("SELECT priority FROM tasks WHERE id = ?::uuid", Integer.class,
                task.get("taskId").asText())).isEqualTo(4);

        assertThat(deleteImport(id).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                SELECT count(*)::int FROM tasks WHERE import_id = ?::uuid
                AND status IN ('PENDING', 'QUEUED', 'PROCESSING', 'RETRYING')""", Integer.class, id) == 0);
    }
}
