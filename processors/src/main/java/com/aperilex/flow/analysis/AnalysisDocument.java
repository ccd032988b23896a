package com.aperilex.flow.analysis;

import com.aperilex.flow.domain.AccessionNumber;
import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.llm.Narrative;
import com.aperilex.flow.parsing.FinancialFigures;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * The analysis as stored and as {@code GET /api/v1/analyses/{id}} returns it. Figures come from the
 * filing's XBRL in full units; the narrative (null without an LLM) comes from the model.
 *
 * @param schemaVersion   layout of this document, {@link #SCHEMA_VERSION} today
 * @param analysisVersion version of the analysis method (prompt, sections, parsers) that produced it
 * @param sections        keyed by item number ("1", "1A", "7"), in the form's order
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AnalysisDocument(
        AnalysisId analysisId,
        int schemaVersion,
        int analysisVersion,
        Filing filing,
        Facts facts,
        Map<String, Section> sections,
        Narrative narrative,
        Llm llm,
        Instant createdAt) {

    public static final int SCHEMA_VERSION = 1;

    public record Filing(Cik cik, Ticker ticker, String companyName, AccessionNumber accessionNumber,
                         FormType formType, LocalDate filingDate, LocalDate periodOfReport, String documentUrl,
                         String sha256) {
    }

    public record Facts(Integer fiscalYear, LocalDate periodEnd, String currency, FinancialFigures current,
                        FinancialFigures prior) {
    }

    public record Section(String title, int chars, String storageKey) {
    }

    public record Llm(String provider, String model, int inputTokens, int outputTokens, BigDecimal costUsd,
                      long latencyMs) {
    }
}
