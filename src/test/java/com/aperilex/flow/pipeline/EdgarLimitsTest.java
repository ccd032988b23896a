package com.aperilex.flow.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * What EDGAR says is not trusted blindly: a primary document name that is not a plain file name never reaches
 * a URL, and an answer over aperilex.edgar.max-document-size (declared, or counted while chunks stream) fails
 * the task UNSUPPORTED_FILING without being read to its end. A small limit here (the fixture 10-K is ~11 KB).
 */
@DirtiesContext
@TestPropertySource(properties = {"aperilex.edgar.max-document-size=64KB", "aperilex.llm.provider=none"})
class EdgarLimitsTest extends PipelineTestSupport {

    @Test
    void aPrimaryDocumentThatIsNoPlainFileNameFailsTheTaskWithNothingFetched() {
        String[] names = {"../x.htm", "a%2fb.htm", "x.htm?y"};
        for (int i = 0; i < names.length; i++) {
            long cik = 1000601 + i;
            String accession = "000%d-24-000001".formatted(cik);
            EDGAR.submissions(cik, submissions(cik, "Bad Name Corp " + i, accession, names[i]));
            JsonNode task = awaitFinished(submit("""
                    {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)));
            assertThat(task.get("status").asText()).as(names[i] + ": " + task).isEqualTo("FAILED");
            assertThat(task.get("error").get("code").asText()).isEqualTo("UNSUPPORTED_FILING");
            assertThat(EDGAR.requests("/submissions/CIK%010d.*".formatted(cik))).hasSize(1);
            // Not the document, nor anything the name could have turned into.
            assertThat(EDGAR.requests("/Archives/.*" + cik + ".*")).as(names[i]).isEmpty();
            assertThat(EDGAR.requests("/Archives/edgar/data/x\\.htm.*|/Archives/edgar/data/" + cik + "/x.*"))
                    .isEmpty();
        }
    }

    @Test
    void aDocumentDeclaringMoreThanTheLimitFailsBeforeItsBodyIsRead() {
        long cik = 1000611;
        String accession = "0001000611-24-000001";
        EDGAR.submissions(cik, submissions(cik, "Huge Declared Corp", accession, "huge-10k.htm"));
        String path = EdgarStub.archivesPath(cik, accession, "huge-10k.htm");
        EDGAR.server().stubFor(WireMock.get(urlEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withHeader("Content-Length", "21474836480")
                // Gzip would replace the declared length with chunks (the client decompresses).
                .withGzipDisabled(true)
                .withBody(EdgarStub.fixtureDocument("Huge Declared Corp"))));

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("FAILED");
        assertThat(task.get("error").get("code").asText()).isEqualTo("UNSUPPORTED_FILING");
        // Permanent: fetched once, not retried.
        assertThat(EDGAR.requests("/Archives/.*" + cik + ".*")).hasSize(1);
        assertThat(history(task.get("taskId").asText())).noneMatch(s -> s.endsWith("FILING_STORED"));
    }

    @Test
    void aChunkedDocumentOverTheLimitFailsAsItStreams() throws Exception {
        long cik = 1000612;
        String accession = "0001000612-24-000001";
        EDGAR.submissions(cik, submissions(cik, "Huge Chunked Corp", accession, "chunked-10k.htm"));
        String path = EdgarStub.archivesPath(cik, accession, "chunked-10k.htm");
        String page = EdgarStub.fixtureDocument("Huge Chunked Corp");
        String huge = page.replace("</body>", "<p>" + "padding ".repeat(256 * 1024) + "</p></body>");
        EDGAR.server().stubFor(WireMock.get(urlEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withHeader("Transfer-Encoding", "chunked")
                .withGzipDisabled(true).withBody(huge)));
        // The stub streams it chunked, declaring no length: only counting can stop it.
        HttpResponse<Void> probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                URI.create(EDGAR.baseUrl() + path)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(probe.headers().firstValue("Content-Length")).isEmpty();
        assertThat(probe.headers().firstValue("Transfer-Encoding")).contains("chunked");
        int probes = EDGAR.requests("/Archives/.*" + cik + ".*").size();

        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), cik)), Duration.ofSeconds(60));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("FAILED");
        assertThat(task.get("error").get("code").asText()).isEqualTo("UNSUPPORTED_FILING");
        assertThat(EDGAR.requests("/Archives/.*" + cik + ".*")).hasSize(probes + 1);

        // Gzipped (the client decompresses as it reads), counted as the document's own bytes.
        long gzipped = 1000614;
        String gzippedAccession = "0001000614-24-000001";
        EDGAR.submissions(gzipped, submissions(gzipped, "Huge Gzipped Corp", gzippedAccession, "gz-10k.htm"));
        EDGAR.server().stubFor(WireMock.get(urlEqualTo(EdgarStub.archivesPath(gzipped, gzippedAccession,
                "gz-10k.htm"))).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody(huge)));
        JsonNode gzippedTask = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), gzipped)));
        assertThat(gzippedTask.get("status").asText()).as(gzippedTask.toString()).isEqualTo("FAILED");
        assertThat(gzippedTask.get("error").get("code").asText()).isEqualTo("UNSUPPORTED_FILING");
        assertThat(EDGAR.requests("/Archives/.*" + gzipped + ".*")).hasSize(1);

        // The fixture itself, under the limit, still goes through.
        long small = 1000613;
        serveCompany(small, "Small Enough Corp", "0001000613-24-000001", "small-10k.htm");
        JsonNode done = awaitFinished(submit("""
                {"email": "%s", "cik": "%d"}""".formatted(uniqueEmail(), small)));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
    }
}
