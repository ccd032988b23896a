package com.aperilex.flow.analysis;

import com.aperilex.flow.parsing.FilingFacts;
import com.aperilex.flow.parsing.FinancialFigures;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/** Analysis documents to JSON and back; figures always as plain numbers (391035000000, never 3.91035E+11). */
public final class AnalysisDocumentCodec {
    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    public byte[] encode(AnalysisDocument document) {
        try {
            return mapper.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an AnalysisDocument always serialises", e);
        }
    }

    public AnalysisDocument decode(byte[] json) {
        try {
            return mapper.readValue(json, AnalysisDocument.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not an analysis document", e);
        }
    }

    /** The facts part of a document: every figure present as a key, null where the filing lacks it. */
    public static AnalysisDocument.Facts facts(FilingFacts facts) {
        return new AnalysisDocument.Facts(facts.fiscalYear(), facts.periodEnd(), facts.currency(),
                plain(facts.current()), plain(facts.prior()), facts.periods().stream()
                .map(p -> new AnalysisDocument.Period(p.label(), p.start(), p.end(), plain(p.values()))).toList());
    }

    private static FinancialFigures plain(FinancialFigures f) {
        if (f == null) {
            return new FinancialFigures(null, null, null, null, null, null, null, null, null);
        }
        return new FinancialFigures(plain(f.revenue()), plain(f.netIncome()), plain(f.epsBasic()),
                plain(f.epsDiluted()), plain(f.totalAssets()), plain(f.totalLiabilities()),
                plain(f.stockholdersEquity()), plain(f.cash()), plain(f.operatingCashFlow()));
    }

    private static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
