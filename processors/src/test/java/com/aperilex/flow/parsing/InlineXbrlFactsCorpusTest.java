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

    /** A 10-Q's quarter, year to date and comparative periods, as the manifest gives them. */
    private FilingFacts quarterly(String file, LocalDate periodEnd, LocalDate ytdStart) throws IOException {
        FilingFacts facts = extractor.extract(Corpus.parse(file));
        assertThat(facts.periodEnd()).isEqualTo(periodEnd);
        assertThat(facts.currency()).isEqualTo("USD");
        FilingFacts.FiscalPeriod ytd = facts.periods().get(0);
        assertThat(ytd.label()).isEqualTo(FilingFacts.YEAR_TO_DATE);
        assertThat(ytd.start()).isEqualTo(ytdStart);
        assertThat(ytd.end()).isEqualTo(periodEnd);
        assertThat(facts.periods()).extracting(FilingFacts.FiscalPeriod::label)
                .contains(FilingFacts.PRIOR_YEAR_TO_DATE, FilingFacts.PRIOR_FISCAL_YEAR_END);
        FilingFacts.FiscalPeriod yearEnd = facts.periods().get(facts.periods().size() - 1);
        assertThat(yearEnd.values().totalAssets()).as("balance sheet at the prior fiscal year end").isNotNull();
        assertThat(facts.current().totalAssets()).as("balance sheet at the period end").isNotNull();
        return facts;
    }

    @Test
    void appleQ3Fiscal2023() throws IOException {
        FilingFacts facts = quarterly("sec-parser-test-data/AAPL_10-Q_0000320193-23-000077_primary-document.html",
                LocalDate.of(2023, 7, 1), LocalDate.of(2022, 9, 25));
        assertThat(facts.current().revenue()).isEqualByComparingTo(n("81797000000"));
        assertThat(facts.current().netIncome()).isEqualByComparingTo(n("19881000000"));
        assertThat(facts.current().epsDiluted()).isEqualByComparingTo(n("1.26"));
        FinancialFigures ytd = facts.periods().get(0).values();
        assertThat(ytd.revenue()).isEqualByComparingTo(n("293787000000"));
        assertThat(ytd.netIncome()).isEqualByComparingTo(n("74039000000"));
        assertThat(ytd.epsDiluted()).isEqualByComparingTo(n("4.67"));
        assertThat(facts.periods().get(2).end()).isEqualTo(LocalDate.of(2022, 9, 24));
    }

    @Test
    void appleQ3Fiscal2025() throws IOException {
        FilingFacts facts = quarterly("edgartools/aapl-10-q-2025-08-01.html", LocalDate.of(2025, 6, 28),
                LocalDate.of(2024, 9, 29));
        assertThat(facts.current().revenue()).isEqualByComparingTo(n("94036000000"));
        assertThat(facts.current().netIncome()).isEqualByComparingTo(n("23434000000"));
        assertThat(facts.current().epsDiluted()).isEqualByComparingTo(n("1.57"));
        FinancialFigures ytd = facts.periods().get(0).values();
        assertThat(ytd.revenue()).isEqualByComparingTo(n("313695000000"));
        assertThat(ytd.netIncome()).isEqualByComparingTo(n("84544000000"));
        assertThat(ytd.epsDiluted()).isEqualByComparingTo(n("5.62"));
    }

    @Test
    void appleQ2Fiscal2025SixMonthsToDate() throws IOException {
        FilingFacts facts = quarterly("edgartools/aapl-20250329.htm", LocalDate.of(2025, 3, 29),
                LocalDate.of(2024, 9, 29));
        assertThat(facts.current().revenue()).isEqualByComparingTo(n("95359000000"));
        assertThat(facts.current().netIncome()).isEqualByComparingTo(n("24780000000"));
        assertThat(facts.current().epsDiluted()).isEqualByComparingTo(n("1.65"));
        FinancialFigures ytd = facts.periods().get(0).values();
        assertThat(ytd.revenue()).isEqualByComparingTo(n("219659000000"));
        assertThat(ytd.netIncome()).isEqualByComparingTo(n("61110000000"));
        assertThat(ytd.epsDiluted()).isEqualByComparingTo(n("4.05"));
    }

    @Test
    void c3aiFirstQuarterIsItsOwnYearToDate() throws IOException {
        FilingFacts facts = quarterly("sec-parser-test-data/AI_10-Q_0001628280-23-031636_primary-document.html",
                LocalDate.of(2023, 7, 31), LocalDate.of(2023, 5, 1));
        FinancialFigures quarter = new FinancialFigures(n("72362000"), n("-64358000"), n("-0.56"), n("-0.56"),
                facts.current().totalAssets(), facts.current().totalLiabilities(),
                facts.current().stockholdersEquity(), facts.current().cash(), facts.current().operatingCashFlow());
        assertThat(facts.current()).isEqualTo(quarter);
        FinancialFigures ytd = facts.periods().get(0).values();
        assertThat(ytd.revenue()).isEqualByComparingTo(n("72362000"));
        assertThat(ytd.netIncome()).isEqualByComparingTo(n("-64358000"));
        assertThat(ytd.epsBasic()).isEqualByComparingTo(n("-0.56"));
    }

    @Test
    void oracleFirstQuarter() throws IOException {
        FilingFacts facts = quarterly("sec-parser-test-data/ORCL_10-Q_0000950170-23-047713_primary-document.html",
                LocalDate.of(2023, 8, 31), LocalDate.of(2023, 6, 1));
        assertThat(facts.current().revenue()).isEqualByComparingTo(n("12453000000"));
        assertThat(facts.current().netIncome()).isEqualByComparingTo(n("2420000000"));
        assertThat(facts.current().epsDiluted()).isEqualByComparingTo(n("0.86"));
        assertThat(facts.periods().get(facts.periods().size() - 1).end()).isEqualTo(LocalDate.of(2023, 5, 31));
    }
}
