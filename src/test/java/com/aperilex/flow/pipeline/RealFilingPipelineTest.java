package com.aperilex.flow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The pipeline on a real filing: Apple's FY2024 10-K from the shared EDGAR corpus, served at its Archives
 * path, read end to end. Runs when a corpus directory is configured (-Daperilex.corpus.dir, as .ci/run does).
 */
@EnabledIf("corpusConfigured")
class RealFilingPipelineTest extends PipelineTestSupport {

    static boolean corpusConfigured() {
        String dir = System.getProperty("aperilex.corpus.dir", "");
        return !dir.isBlank() && Files.isRegularFile(Path.of(dir, "edgartools/aapl-10-k-2024-11-01.html"));
    }

    @Test
    void applesFiscal2024TenKEndsWithItsExactFigures() throws IOException {
        String document = Files.readString(Path.of(System.getProperty("aperilex.corpus.dir"),
                "edgartools/aapl-10-k-2024-11-01.html"), StandardCharsets.UTF_8);
        // A CIK of its own, so this filing does not meet the fixture-served Apple filings of other tests.
        long cik = 1320193;
        String accession = "0000320193-24-000123";
        EDGAR.submissions(cik, submissions(cik, "Apple Inc.", accession, "aapl-20240928.htm"));
        EDGAR.document(cik, accession, "aapl-20240928.htm", document);

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d", "accessionNumber": "%s"}""".formatted(uniqueEmail(), cik, accession)));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        JsonNode doc = get("/api/v1/analyses/" + task.get("analysisId").asText()).json();
        JsonNode current = doc.get("facts").get("current");
        assertThat(current.get("revenue").toString()).isEqualTo("391035000000");
        assertThat(current.get("netIncome").toString()).isEqualTo("93736000000");
        assertThat(current.get("epsDiluted").toString()).isEqualTo("6.08");
        assertThat(doc.get("facts").get("fiscalYear").asInt()).isEqualTo(2024);
        assertThat(doc.get("facts").get("periodEnd").asText()).isEqualTo("2024-09-28");
        assertThat(doc.get("sections").has("1A")).isTrue();
        assertThat(doc.get("sections").has("7")).isTrue();
        assertThat(doc.get("sections").get("1A").get("chars").asInt()).isGreaterThan(40_000);
        assertThat(doc.get("filing").get("sha256").asText()).startsWith("24a830a0f1256e37");
    }
}
