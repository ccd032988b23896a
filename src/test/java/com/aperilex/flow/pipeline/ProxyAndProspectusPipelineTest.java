package com.aperilex.flow.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.stubs.EdgarStub;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A proxy statement and a registration statement through REST: forms without item numbers or figures, segmented
 * by their headings and narrated from the sections aperilex.llm.sections names for them (DEF 14A: executive
 * compensation; S-1: prospectus summary, risk factors, use of proceeds), the rest kept out of the prompt.
 */
class ProxyAndProspectusPipelineTest extends PipelineTestSupport {

    @Test
    void aProxyStatementIsNarratedFromItsExecutiveCompensation() {
        long cik = 1000974;
        String company = "Harbor Proxy Holdings";
        String accession = "0001000974-25-000003";
        JsonNode doc = analyse(cik, company, accession, "proxy.htm", "DEF 14A", "fixture-def14a.htm");

        assertThat(doc.get("sections").fieldNames()).toIterable()
                .contains("proposal-1", "ownership", "executive-compensation", "proposal-2");
        String prompt = prompt(company);
        assertThat(prompt).contains("DEF 14A", "total pay was $3.1 million")
                .doesNotContain("nominated Maria Alvarez", "4.2% of the outstanding shares", "ratify the appointment");
        assertThat(doc.get("narrative").get("summary").asText()).isNotBlank();
    }

    @Test
    void aRegistrationStatementIsNarratedFromItsSummaryRisksAndProceeds() {
        long cik = 1000975;
        String company = "Northwind Batteries Inc.";
        String accession = "0001000975-25-000001";
        JsonNode doc = analyse(cik, company, accession, "s1.htm", "S-1", "fixture-s1.htm");

        assertThat(doc.get("sections").fieldNames()).toIterable()
                .contains("prospectus-summary", "risk-factors", "use-of-proceeds");
        String prompt = prompt(company);
        assertThat(prompt).contains("S-1", "solid-state battery cells", "never made a profit", "$120 million")
                .doesNotContain("twice the energy");
        assertThat(doc.get("narrative").get("summary").asText()).isNotBlank();
    }

    /** Serves the company's one filing of {@code form}, asks for it through REST and returns its analysis. */
    private JsonNode analyse(long cik, String company, String accession, String document, String form, String fixture) {
        EDGAR.submissions(cik, submissions(cik, company, accession, document)
                .replace("\"form\": [\"10-K\"]", "\"form\": [\"" + form + "\"]"));
        EDGAR.document(cik, accession, document, EdgarStub.resource("documents/" + fixture));
        JsonNode task = awaitFinished(submit("""
                {"email": "%s", "cik": "%d", "formType": "%s"}""".formatted(uniqueEmail(), cik, form)));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        JsonNode doc = get("/api/v1/analyses/" + task.get("analysisId").asText()).json();
        assertThat(doc.at("/filing/formType").asText()).as(doc.toString()).isEqualTo(form);
        return doc;
    }

    /** The one model call made for the company's filing. */
    private String prompt(String company) {
        List<LoggedRequest> calls = LLM.server().findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(company)));
        assertThat(calls).hasSize(1);
        return calls.get(0).getBodyAsString();
    }
}
