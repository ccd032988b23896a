package com.aperilex.flow.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** The extractor on a small filing of the project's own: scale, sign, formats, dimensions, periods. */
class InlineXbrlFactsTest {
    private final InlineXbrlFacts extractor = new InlineXbrlFacts();

    private static Document fixture() throws IOException {
        try (InputStream in = InlineXbrlFactsTest.class.getResourceAsStream("/ixbrl/small-10k.html")) {
            return Jsoup.parse(in, "UTF-8", "");
        }
    }

    @Test
    void readsTheDocumentPeriodAndItsFigures() throws IOException {
        FilingFacts facts = extractor.extract(fixture());

        assertThat(facts.registrantName()).isEqualTo("Small Widgets plc");
        assertThat(facts.fiscalYear()).isEqualTo(2024);
        assertThat(facts.periodEnd()).isEqualTo(LocalDate.of(2024, 6, 29));
        assertThat(facts.currency()).isEqualTo("EUR");
        // Whole-year, dimension-free context only: not the widget segment (999) nor the quarter (300).
        assertThat(facts.current().revenue()).isEqualByComparingTo(new BigDecimal("1234567000"));
        assertThat(facts.current().netIncome()).isEqualByComparingTo(new BigDecimal("-45000000"));
        assertThat(facts.current().epsBasic()).isEqualByComparingTo(new BigDecimal("-0.37"));
        assertThat(facts.current().epsDiluted()).isEqualByComparingTo(new BigDecimal("-0.37"));
        assertThat(facts.current().totalAssets()).isEqualByComparingTo(new BigDecimal("2500000"));
        assertThat(facts.current().totalLiabilities()).isNull();
        assertThat(facts.current().cash()).isNull();
    }

    @Test
    void priorYearIsTheYearEndingAboutAYearEarlier() throws IOException {
        FinancialFigures prior = extractor.extract(fixture()).prior();

        assertThat(prior.revenue()).isEqualByComparingTo(new BigDecimal("1000000000"));
        assertThat(prior.netIncome()).as("ixt:fixed-zero dash").isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(prior.totalAssets()).isNull();
    }

    @Test
    void fullUnitsAreWrittenWithoutExponent() throws IOException {
        BigDecimal revenue = extractor.extract(fixture()).current().revenue();
        assertThat(revenue.toString()).isEqualTo("1234567000");
    }

    @Test
    void documentWithoutInlineXbrlHasNoFacts() {
        FilingFacts facts = extractor.extract(Jsoup.parse("<html><body><p>ITEM 1. BUSINESS</p></body></html>"));
        assertThat(facts.hasXbrl()).isFalse();
        assertThat(facts).isEqualTo(FilingFacts.none());
    }
}
