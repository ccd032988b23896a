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
import java.util.List;
import java.util.Map;

/**
 * The analysis as stored and as {@code GET /api/v1/analyses/{id}} returns it. Figures come from the
 * filing's XBRL in full units; the narrative (null without an LLM) comes from the model.
 *
 * @param schemaVersion   layout of this document, {@link #SCHEMA_VERSION} today; version 1 documents (no
 *                        {@code facts.periods}) are read as they are, their periods empty
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

    /** 2: {@code facts.periods} (a 10-Q's year to date, the prior year's, the prior fiscal year end). */
    public static final int SCHEMA_VERSION = 2;

    public record Filing(Cik cik, Ticker ticker, String companyName, AccessionNumber accessionNumber,
                         FormType formType, LocalDate filingDate, LocalDate periodOfReport, String documentUrl,
                         String sha256) {
    }

    /**
     * @param currency the monetary figures' ISO 4217 currency as reported (USD, EUR, ...), never converted
     * @param current  an annual report's fiscal year, a 10-Q's quarter; balance sheet at the period end
     * @param prior    the same period a year before
     * @param periods  the form's further periods, e.g. a 10-Q's {@code year-to-date}, {@code prior-year-to-date}
     *                 and {@code prior-fiscal-year-end}; empty for annual reports and in version 1 documents
     */
    public record Facts(Integer fiscalYear, LocalDate periodEnd, String currency, FinancialFigures current,
                        FinancialFigures prior, List<Period> periods) {
        public Facts {
            periods = periods == null ? List.of() : List.copyOf(periods);
        }
    }

    /**
     * One further period: a duration with its flows (balances null), or an instant ({@code start} null) with
     * its balances (flows null).
     */
    public record Period(String label, LocalDate start, LocalDate end, FinancialFigures values) {
    }

    public record Section(String title, int chars, String storageKey) {
    }

    public record Llm(String provider, String model, int inputTokens, int outputTokens, BigDecimal costUsd,
                      long latencyMs) {
    }
}
