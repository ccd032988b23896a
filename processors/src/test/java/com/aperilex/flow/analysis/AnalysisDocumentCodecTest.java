package com.aperilex.flow.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.parsing.FilingFacts;
import com.aperilex.flow.parsing.FinancialFigures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The document's layout: version 2 carries facts.periods; version 1 documents are still read. */
class AnalysisDocumentCodecTest {
    private final AnalysisDocumentCodec codec = new AnalysisDocumentCodec();
    private static final FinancialFigures NONE = new FinancialFigures(null, null, null, null, null, null, null,
            null, null);

    @Test
    void aQuarterlyReportsFurtherPeriodsAreWrittenBesideCurrentAndPrior() throws Exception {
        FinancialFigures ytd = new FinancialFigures(new BigDecimal("2.96105E+11"), null, null, null, null, null,
                null, null, null);
        FilingFacts facts = new FilingFacts("Q Inc.", 2024, LocalDate.of(2024, 6, 29), "USD", NONE, NONE,
                List.of(new FilingFacts.FiscalPeriod(FilingFacts.YEAR_TO_DATE, LocalDate.of(2023, 10, 1),
                        LocalDate.of(2024, 6, 29), ytd)));
        AnalysisDocument document = new AnalysisDocument(AnalysisId.random(), AnalysisDocument.SCHEMA_VERSION, 2,
                new AnalysisDocument.Filing(new Cik(999998), null, "Q Inc.", AccessionNumber.of("0000999998-24-000001"),
                        FormType.TEN_Q, null, null, "https://www.sec.gov/x.htm", "00"),
                AnalysisDocumentCodec.facts(facts), Map.of(), null, null, Instant.parse("2024-08-01T00:00:00Z"));

        JsonNode json = new ObjectMapper().readTree(codec.encode(document));

        assertThat(json.get("schemaVersion").asInt()).isEqualTo(2);
        JsonNode period = json.at("/facts/periods/0");
        assertThat(period.get("label").asText()).isEqualTo("year-to-date");
        assertThat(period.get("start").asText()).isEqualTo("2023-10-01");
        assertThat(period.get("end").asText()).isEqualTo("2024-06-29");
        assertThat(period.at("/values/revenue").toString()).as("plain, full units").isEqualTo("296105000000");
        assertThat(codec.decode(codec.encode(document))).isEqualTo(document);
    }

    @Test
    void aVersionOneDocumentIsReadWithNoFurtherPeriods() {
        String figures = """
                {"revenue": 391035000000, "netIncome": null, "epsBasic": null, "epsDiluted": null, "totalAssets": null,
                 "totalLiabilities": null, "stockholdersEquity": null, "cash": null, "operatingCashFlow": null}""";
        String v1 = """
                {"analysisId": "%s", "schemaVersion": 1, "analysisVersion": 1,
                 "filing": {"cik": "0000320193", "ticker": "AAPL", "companyName": "Apple Inc.",
                            "accessionNumber": "0000320193-24-000123", "formType": "10-K", "filingDate": "2024-11-01",
                            "periodOfReport": "2024-09-28", "documentUrl": "https://www.sec.gov/x.htm", "sha256": "00"},
                 "facts": {"fiscalYear": 2024, "periodEnd": "2024-09-28", "currency": "USD", "current": %s, "prior": %s},
                 "sections": {}, "narrative": null, "llm": null, "createdAt": "2024-11-02T00:00:00Z"}"""
                .formatted(AnalysisId.random().value(), figures, figures);

        AnalysisDocument document = codec.decode(v1.getBytes(StandardCharsets.UTF_8));

        assertThat(document.schemaVersion()).isEqualTo(1);
        assertThat(document.facts().periods()).isEmpty();
        assertThat(document.facts().current().revenue()).isEqualByComparingTo("391035000000");
    }
}
