package com.aperilex.flow.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** Exact figures from the real filings of the corpus. */
@EnabledIf("com.aperilex.flow.parsing.Corpus#available")
class InlineXbrlFactsCorpusTest {
    private final InlineXbrlFacts extractor = new InlineXbrlFacts();

    private static BigDecimal n(String value) {
        return new BigDecimal(value);
    }

    @Test
    void apple2024() throws IOException {
        FilingFacts facts = extractor.extract(Corpus.parse("edgartools/aapl-10-k-2024-11-01.html"));

        assertThat(facts.registrantName()).isEqualTo("Apple Inc.");
        assertThat(facts.fiscalYear()).isEqualTo(2024);
        assertThat(facts.periodEnd()).isEqualTo(LocalDate.of(2024, 9, 28));
        assertThat(facts.currency()).isEqualTo("USD");
        assertThat(facts.current().revenue()).isEqualByComparingTo(n("391035000000"));
        assertThat(facts.current().netIncome()).isEqualByComparingTo(n("93736000000"));
        assertThat(facts.current().epsDiluted()).isEqualByComparingTo(n("6.08"));
        assertThat(facts.current()).isEqualTo(new FinancialFigures(n("391035000000"), n("93736000000"), n("6.11"),
                n("6.08"), n("364980000000"), n("308030000000"), n("56950000000"), n("29943000000"),
                n("118254000000")));
        assertThat(facts.prior()).isEqualTo(new FinancialFigures(n("383285000000"), n("96995000000"), n("6.16"),
                n("6.13"), n("352583000000"), n("290437000000"), n("62146000000"), n("29965000000"),
                n("110543000000")));
    }

    @Test
    void nvidia2025() throws IOException {
        FilingFacts facts = extractor.extract(Corpus.parse("edgartools/nvda-10-k-2025-02-26.html"));

        assertThat(facts.registrantName()).isEqualTo("NVIDIA CORP");
        assertThat(facts.fiscalYear()).isEqualTo(2025);
        assertThat(facts.periodEnd()).isEqualTo(LocalDate.of(2025, 1, 26));
        assertThat(facts.current()).isEqualTo(new FinancialFigures(n("130497000000"), n("72880000000"), n("2.97"),
                n("2.94"), n("111601000000"), n("32274000000"), n("79327000000"), n("8589000000"),
                n("64089000000")));
        // Fiscal 2024 ended 2024-01-28: a 52-week year two days off the calendar anniversary.
        assertThat(facts.prior().revenue()).isEqualByComparingTo(n("60922000000"));
        assertThat(facts.prior().netIncome()).isEqualByComparingTo(n("29760000000"));
        assertThat(facts.prior().epsDiluted()).isEqualByComparingTo(n("1.19"));
    }

    @Test
    void amd2022() throws IOException {
        FilingFacts facts = extractor.extract(Corpus.parse("edgar-crawler/2488_10K_2022_0000002488-23-000047.htm"));

        assertThat(facts.registrantName()).isEqualTo("ADVANCED MICRO DEVICES, INC.");
        assertThat(facts.periodEnd()).isEqualTo(LocalDate.of(2022, 12, 31));
        // AMD tags no total liabilities (us-gaap:Liabilities): null, not a number made up from others.
        assertThat(facts.current()).isEqualTo(new FinancialFigures(n("23601000000"), n("1320000000"), n("0.85"),
                n("0.84"), n("67580000000"), null, n("54750000000"), n("4835000000"), n("3565000000")));
        assertThat(facts.prior().revenue()).isEqualByComparingTo(n("16434000000"));
        assertThat(facts.prior().netIncome()).isEqualByComparingTo(n("3162000000"));
        assertThat(facts.prior().totalAssets()).isEqualByComparingTo(n("12419000000"));
    }

    @Test
    void legacyFilingsHaveNoXbrl() throws IOException {
        assertThat(extractor.extract(Corpus.parse("edgartools/10-K_0000950153-99-001234.html")).hasXbrl()).isFalse();
        assertThat(extractor.extract(Corpus.parse("edgar-crawler/2488_10K_2017_0000002488-18-000042.htm")).hasXbrl())
                .isFalse();
    }
}
