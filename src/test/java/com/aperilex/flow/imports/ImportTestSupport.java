package com.aperilex.flow.imports;

import static org.awaitility.Awaitility.await;

import com.aperilex.flow.pipeline.PipelineTestSupport;
import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Companies with several filings at the EDGAR stub, and the import API's calls. */
@org.springframework.test.context.TestPropertySource(properties = "aperilex.imports.resolution-enabled=true")
abstract class ImportTestSupport extends PipelineTestSupport {

    /** One row of a submissions document. */
    record Filing(String accession, String form, String filed, String document) {
    }

    /** A submissions document in data.sec.gov's shape listing the filings (newest first, as SEC lists them). */
    static String submissions(long cik, String name, List<Filing> filings) {
        String accessions = filings.stream().map(f -> '"' + f.accession() + '"').collect(Collectors.joining(", "));
        String dates = filings.stream().map(f -> '"' + f.filed() + '"').collect(Collectors.joining(", "));
        String forms = filings.stream().map(f -> '"' + f.form() + '"').collect(Collectors.joining(", "));
        String documents = filings.stream().map(f -> '"' + f.document() + '"').collect(Collectors.joining(", "));
        String blanks = filings.stream().map(f -> "\"\"").collect(Collectors.joining(", "));
        String ones = filings.stream().map(f -> "1").collect(Collectors.joining(", "));
        return """
                {"cik": "%d", "entityType": "operating", "name": "%s", "tickers": [], "exchanges": [],
                 "filings": {"recent": {"accessionNumber": [%s], "filingDate": [%s], "reportDate": [%s],
                   "acceptanceDateTime": [%s], "act": [%s], "form": [%s], "fileNumber": [%s], "filmNumber": [%s],
                   "items": [%s], "size": [%s], "isXBRL": [%s], "isInlineXBRL": [%s], "primaryDocument": [%s],
                   "primaryDocDescription": [%s]},
                  "files": []}}""".formatted(cik, name, accessions, dates, dates, blanks, blanks, forms, blanks, blanks,
                blanks, ones, ones, ones, documents, forms);
    }

    /**
     * Serves the company at the stub: per year of {@code years}, a 10-K filed in February and a 10-Q in May, plus an
     * 8-K in each year (not imported); returns the 10-K/10-Q filings, newest first.
     */
    static List<Filing> serveCompany(long cik, String name, int... years) {
        List<Filing> all = new ArrayList<>();
        List<Filing> periodic = new ArrayList<>();
        int n = 1;
        for (int i = years.length - 1; i >= 0; i--) {
            int year = years[i];
            Filing q = new Filing("%010d-%02d-%06d".formatted(cik, year % 100, n++), "10-Q", year + "-05-02", "q" + year + ".htm");
            Filing e = new Filing("%010d-%02d-%06d".formatted(cik, year % 100, n++), "8-K", year + "-04-01", "e" + year + ".htm");
            Filing k = new Filing("%010d-%02d-%06d".formatted(cik, year % 100, n++), "10-K", year + "-02-20", "k" + year + ".htm");
            all.add(q);
            all.add(e);
            all.add(k);
            periodic.add(q);
            periodic.add(k);
        }
        EDGAR.submissions(cik, submissions(cik, name, all));
        for (Filing f : all) {
            EDGAR.document(cik, f.accession(), f.document(), EdgarStub.fixtureDocument(name));
        }
        return periodic;
    }

    Reply postImport(String json) {
        return send(HttpRequest.newBuilder(uri("/api/v1/imports")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Reply deleteImport(String id) {
        return send(HttpRequest.newBuilder(uri("/api/v1/imports/" + id)).DELETE().build());
    }

    Reply admin(String method, String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Waits until the import is COMPLETED or CANCELLED and returns its view. */
    JsonNode awaitImportFinished(String id, Duration atMost) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = get("/api/v1/imports/" + id).json();
            String status = last[0].get("status").asText();
            return status.equals("COMPLETED") || status.equals("CANCELLED");
        });
        return last[0];
    }

    /** A BASIC user (who pays bulk fees) with {@code credits} granted; returns the email and user id. */
    String[] basicUser(String credits) {
        String email = uniqueEmail();
        String id = get("/api/v1/me?email=" + email).json().get("userId").asText();
        if (admin("PUT", "/api/v1/admin/users/" + id + "/tier", "{\"tier\": \"BASIC\"}").status() != 200) {
            throw new AssertionError("tier change refused");
        }
        if (admin("POST", "/api/v1/admin/users/" + id + "/credits",
                "{\"amountUsd\": " + credits + ", \"reason\": \"import test\"}").status() != 200) {
            throw new AssertionError("credit grant refused");
        }
        return new String[] {email, id};
    }
}
