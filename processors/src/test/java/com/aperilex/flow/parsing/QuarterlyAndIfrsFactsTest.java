package com.aperilex.flow.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/**
 * A 10-Q's periods and a 20-F's IFRS figures, on small filings of the project's own (the corpus has real 10-Qs,
 * {@link InlineXbrlFactsCorpusTest}, but no inline-XBRL 20-F).
 */
class QuarterlyAndIfrsFactsTest {
    private final InlineXbrlFacts extractor = new InlineXbrlFacts();

    private static Document fixture(String name) throws IOException {
        try (InputStream in = QuarterlyAndIfrsFactsTest.class.getResourceAsStream("/ixbrl/" + name)) {
            return Jsoup.parse(in, "UTF-8", "");
        }
    }

    private static BigDecimal n(String value) {
        return new BigDecimal(value);
    }

    @Test
    void aQuartersFiguresAreTheThreeMonthsWithTheYearToDateAndThePriorFiscalYearEndBeside() throws IOException {
        FilingFacts facts = extractor.extract(fixture("small-10q.html"));

        assertThat(facts.registrantName()).isEqualTo("Quarterly Widgets Inc.");
        assertThat(facts.periodEnd()).isEqualTo(LocalDate.of(2024, 6, 29));
        assertThat(facts.fiscalYear()).isEqualTo(2024);
        assertThat(facts.currency()).isEqualTo("USD");
        // The quarter (not the nine months, not the widget segment); balances at the quarter's end.
        assertThat(facts.current()).isEqualTo(new FinancialFigures(n("85777000000"), n("21448000000"), null,
                n("1.4"), n("331612000000"), n("264904000000"), null, n("25565000000"), null));
        // The prior year's same quarter; the only balance tagged at its end is cash (the cash-flow statement's).
        assertThat(facts.prior()).isEqualTo(new FinancialFigures(n("81797000000"), n("19881000000"), null,
                n("1.26"), null, null, null, n("28408000000"), null));
        assertThat(facts.periods()).extracting(FilingFacts.FiscalPeriod::label).containsExactly(
                FilingFacts.YEAR_TO_DATE, FilingFacts.PRIOR_YEAR_TO_DATE, FilingFacts.PRIOR_FISCAL_YEAR_END);
        FilingFacts.FiscalPeriod ytd = facts.periods().get(0);
        assertThat(ytd.start()).isEqualTo(LocalDate.of(2023, 10, 1));
        assertThat(ytd.end()).isEqualTo(LocalDate.of(2024, 6, 29));
        assertThat(ytd.values()).isEqualTo(new FinancialFigures(n("296105000000"), n("79000000000"), null,
                n("5.13"), null, null, null, null, n("91443000000")));
        FilingFacts.FiscalPeriod priorYtd = facts.periods().get(1);
        assertThat(priorYtd.start()).isEqualTo(LocalDate.of(2022, 10, 2));
        assertThat(priorYtd.end()).isEqualTo(LocalDate.of(2023, 7, 1));
        assertThat(priorYtd.values()).isEqualTo(new FinancialFigures(n("293787000000"), n("74039000000"), null,
                n("4.67"), null, null, null, null, n("87870000000")));
        FilingFacts.FiscalPeriod yearEnd = facts.periods().get(2);
        assertThat(yearEnd.start()).isNull();
        assertThat(yearEnd.end()).isEqualTo(LocalDate.of(2023, 9, 30));
        assertThat(yearEnd.values()).isEqualTo(new FinancialFigures(null, null, null, null, n("352583000000"),
                n("290437000000"), null, n("29965000000"), null));
    }

    @Test
    void anIfrsAnnualReportIsReadInItsOwnCurrencyWithTheParentsShareOfProfit() throws IOException {
        FilingFacts facts = extractor.extract(fixture("small-20f-ifrs.html"));

        assertThat(facts.registrantName()).isEqualTo("Europa Logistik N.V.");
        assertThat(facts.periodEnd()).isEqualTo(LocalDate.of(2024, 12, 31));
        assertThat(facts.currency()).as("as reported, never converted").isEqualTo("EUR");
        assertThat(facts.periods()).as("an annual report has no further periods").isEmpty();
        // Net income is the owners of the parent's share (as US GAAP's NetIncomeLoss), equity theirs too.
        assertThat(facts.current()).isEqualTo(new FinancialFigures(n("43862000"), n("-18900000"), n("-0.61"),
                n("-0.61"), n("512004000"), n("301550000"), n("200454000"), n("22310000"), n("5120000")));
        assertThat(facts.prior()).isEqualTo(new FinancialFigures(n("39436000"), n("7001000"), n("0.24"),
                n("0.23"), n("498310000"), n("270114000"), n("218196000"), n("31877000"), n("9870000")));
    }

    @Test
    void aGroupReportingOnlyItsTotalProfitHasThatAsNetIncome() throws IOException {
        Document document = fixture("small-20f-ifrs.html");
        document.select("ix|nonFraction[name=ifrs-full:ProfitLossAttributableToOwnersOfParent]").remove();
        document.select("ix|nonFraction[name=ifrs-full:EquityAttributableToOwnersOfParent]").remove();

        FilingFacts facts = extractor.extract(document);

        assertThat(facts.current().netIncome()).isEqualByComparingTo(n("-19426000"));
        assertThat(facts.current().stockholdersEquity()).isEqualByComparingTo(n("210454000"));
        assertThat(facts.prior().netIncome()).isEqualByComparingTo(n("7156000"));
    }
}
