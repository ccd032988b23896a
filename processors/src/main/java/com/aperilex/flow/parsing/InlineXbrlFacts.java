package com.aperilex.flow.parsing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Reads exact figures from an inline XBRL (iXBRL) filing: {@code ix:nonFraction} facts in contexts
 * without dimensions, honouring {@code scale}, {@code sign} and the transformation {@code format}, under
 * US GAAP or IFRS concepts ({@code ifrs-full:Revenue}, {@code ProfitLossAttributableToOwnersOfParent}, ...),
 * in the currency reported. The document's own period comes from the context of
 * {@code dei:DocumentPeriodEndDate}; the prior period is the one ending about a year earlier. An annual report's
 * periods are fiscal years; a quarterly report's (dei:DocumentType 10-Q, or a fiscal period focus Q1 to Q3) are
 * its quarter (a 3-month duration), with the year to date, the prior year's and the balance sheet at the prior
 * fiscal year end as further periods. One pass over the parsed document.
 */
public final class InlineXbrlFacts {
    /** Concepts per figure, most specific first: filers tag the same figure under different names. */
    private static final List<String> REVENUE = List.of("us-gaap:Revenues",
            "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax",
            "us-gaap:RevenueFromContractWithCustomerIncludingAssessedTax", "us-gaap:SalesRevenueNet",
            "us-gaap:SalesRevenueGoodsNet", "ifrs-full:Revenue", "ifrs-full:RevenueFromContractsWithCustomers");
    private static final List<String> NET_INCOME = List.of("us-gaap:NetIncomeLoss", "us-gaap:ProfitLoss",
            "us-gaap:NetIncomeLossAvailableToCommonStockholdersBasic",
            "ifrs-full:ProfitLossAttributableToOwnersOfParent", "ifrs-full:ProfitLoss");
    private static final List<String> EPS_BASIC = List.of("us-gaap:EarningsPerShareBasic",
            "us-gaap:EarningsPerShareBasicAndDiluted", "ifrs-full:BasicEarningsLossPerShare",
            "ifrs-full:BasicAndDilutedEarningsLossPerShare");
    private static final List<String> EPS_DILUTED = List.of("us-gaap:EarningsPerShareDiluted",
            "us-gaap:EarningsPerShareBasicAndDiluted", "ifrs-full:DilutedEarningsLossPerShare",
            "ifrs-full:BasicAndDilutedEarningsLossPerShare");
    private static final List<String> ASSETS = List.of("us-gaap:Assets", "ifrs-full:Assets");
    private static final List<String> LIABILITIES = List.of("us-gaap:Liabilities", "ifrs-full:Liabilities");
    private static final List<String> EQUITY = List.of("us-gaap:StockholdersEquity",
            "us-gaap:StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest",
            "ifrs-full:EquityAttributableToOwnersOfParent", "ifrs-full:Equity");
    private static final List<String> CASH = List.of("us-gaap:CashAndCashEquivalentsAtCarryingValue",
            "us-gaap:CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents", "us-gaap:Cash",
            "ifrs-full:CashAndCashEquivalents");
    private static final List<String> OPERATING_CASH_FLOW = List.of(
            "us-gaap:NetCashProvidedByUsedInOperatingActivities",
            "us-gaap:NetCashProvidedByUsedInOperatingActivitiesContinuingOperations",
            "ifrs-full:CashFlowsFromUsedInOperatingActivities");

    /** A fiscal year is 52 or 53 weeks; anything this close to a year is "a year". */
    private static final int YEAR_MIN_DAYS = 350;
    private static final int YEAR_MAX_DAYS = 380;
    private static final int PERIOD_END_TOLERANCE_DAYS = 7;
    /** A fiscal quarter is 13 weeks, 12 to 14 in 52/53-week calendars. */
    private static final int QUARTER_MIN_DAYS = 80;
    private static final int QUARTER_MAX_DAYS = 100;
    /** A prior year's year to date lasts the current one's, give or take a week. */
    private static final int SAME_LENGTH_TOLERANCE_DAYS = 10;
    /** The prior fiscal year end lies at least this far before a quarter's end. */
    private static final int PRIOR_YEAR_END_MIN_GAP_DAYS = 45;

    private record Context(LocalDate start, LocalDate end, boolean dimensional) {
        boolean isInstant() {
            return start == null;
        }

        long days() {
            return start == null ? 0 : ChronoUnit.DAYS.between(start, end);
        }
    }

    private record Fact(String concept, String contextRef, String unitRef, BigDecimal value) {
    }

    /** Extracts the facts; a document without inline XBRL gives {@link FilingFacts#none()}. */
    public FilingFacts extract(Document document) {
        Map<String, Context> contexts = new HashMap<>();
        Map<String, String> units = new HashMap<>();
        List<Fact> facts = new ArrayList<>();
        Map<String, Element> dei = new HashMap<>();
        for (Element element : document.getAllElements()) {
            switch (element.normalName()) {
                case "xbrli:context" -> contexts.put(element.id(), context(element));
                case "xbrli:unit" -> units.put(element.id(), unitMeasure(element));
                case "ix:nonfraction" -> {
                    BigDecimal value = numericValue(element);
                    if (value != null) {
                        facts.add(new Fact(element.attr("name"), element.attr("contextRef"),
                                element.attr("unitRef"), value));
                    }
                }
                case "ix:nonnumeric" -> {
                    String name = element.attr("name");
                    if (name.startsWith("dei:")) {
                        dei.putIfAbsent(name, element);
                    }
                }
                default -> {
                    // not an XBRL element
                }
            }
        }
        Element periodEndFact = dei.get("dei:DocumentPeriodEndDate");
        Context documentContext = periodEndFact == null ? null : contexts.get(periodEndFact.attr("contextRef"));
        if (documentContext == null) {
            return FilingFacts.none();
        }
        LocalDate periodEnd = documentContext.end();
        LocalDate priorEnd = periodEnd.minusYears(1);
        String name = text(dei.get("dei:EntityRegistrantName"));
        Integer fiscalYear = fiscalYear(dei, periodEnd);
        String currency = currency(facts, units);
        if (!quarterly(dei)) {
            return new FilingFacts(name, fiscalYear, periodEnd, currency,
                    figures(facts, contexts, duration(periodEnd, YEAR_MIN_DAYS, YEAR_MAX_DAYS), instant(periodEnd)),
                    figures(facts, contexts, duration(priorEnd, YEAR_MIN_DAYS, YEAR_MAX_DAYS), instant(priorEnd)),
                    List.of());
        }
        FinancialFigures quarter = figures(facts, contexts, duration(periodEnd, QUARTER_MIN_DAYS, QUARTER_MAX_DAYS),
                instant(periodEnd));
        FinancialFigures priorQuarter = figures(facts, contexts,
                duration(priorEnd, QUARTER_MIN_DAYS, QUARTER_MAX_DAYS), instant(priorEnd));
        List<FilingFacts.FiscalPeriod> periods = new ArrayList<>();
        Context yearToDate = yearToDate(facts, contexts, periodEnd);
        if (yearToDate != null) {
            long days = yearToDate.days();
            periods.add(new FilingFacts.FiscalPeriod(FilingFacts.YEAR_TO_DATE, yearToDate.start(), yearToDate.end(),
                    figures(facts, contexts, sameLength(periodEnd, days), c -> false)));
            Context priorYearToDate = longestFlow(facts, contexts, sameLength(priorEnd, days));
            if (priorYearToDate != null) {
                periods.add(new FilingFacts.FiscalPeriod(FilingFacts.PRIOR_YEAR_TO_DATE, priorYearToDate.start(),
                        priorYearToDate.end(), figures(facts, contexts, sameLength(priorEnd, days), c -> false)));
            }
        }
        LocalDate priorYearEnd = priorFiscalYearEnd(facts, contexts, periodEnd);
        if (priorYearEnd != null) {
            periods.add(new FilingFacts.FiscalPeriod(FilingFacts.PRIOR_FISCAL_YEAR_END, null, priorYearEnd,
                    figures(facts, contexts, c -> false, instant(priorYearEnd))));
        }
        return new FilingFacts(name, fiscalYear, periodEnd, currency, quarter, priorQuarter, periods);
    }

    /** A 10-Q (or 10-Q/A) by its cover's document type, else by a fiscal period focus of Q1, Q2 or Q3. */
    private static boolean quarterly(Map<String, Element> dei) {
        String type = text(dei.get("dei:DocumentType"));
        if (type != null) {
            return type.toUpperCase(Locale.ROOT).startsWith("10-Q");
        }
        String focus = text(dei.get("dei:DocumentFiscalPeriodFocus"));
        return focus != null && focus.toUpperCase(Locale.ROOT).matches("Q[1-3]");
    }

    private static Predicate<Context> duration(LocalDate end, int minDays, int maxDays) {
        return c -> !c.dimensional() && !c.isInstant() && near(c.end(), end) && c.days() >= minDays
                && c.days() <= maxDays;
    }

    private static Predicate<Context> sameLength(LocalDate end, long days) {
        return c -> !c.dimensional() && !c.isInstant() && near(c.end(), end)
                && Math.abs(c.days() - days) <= SAME_LENGTH_TOLERANCE_DAYS;
    }

    private static Predicate<Context> instant(LocalDate end) {
        return c -> !c.dimensional() && c.isInstant() && near(c.end(), end);
    }

    /**
     * The year to date of a quarter ending at {@code end}: the longest duration ending then, a quarter to under a
     * year long, with revenue or net income in it (a first quarter's is the quarter itself).
     */
    private static Context yearToDate(List<Fact> facts, Map<String, Context> contexts, LocalDate end) {
        return longestFlow(facts, contexts, duration(end, QUARTER_MIN_DAYS, YEAR_MIN_DAYS - 1));
    }

    private static Context longestFlow(List<Fact> facts, Map<String, Context> contexts, Predicate<Context> period) {
        Context longest = null;
        for (Fact fact : facts) {
            if (REVENUE.contains(fact.concept()) || NET_INCOME.contains(fact.concept())) {
                Context context = contexts.get(fact.contextRef());
                if (context != null && period.test(context) && (longest == null || context.days() > longest.days())) {
                    longest = context;
                }
            }
        }
        return longest;
    }

    /** The comparative balance sheet's date: the latest date before the quarter with total assets tagged. */
    private static LocalDate priorFiscalYearEnd(List<Fact> facts, Map<String, Context> contexts, LocalDate end) {
        LocalDate latest = null;
        for (Fact fact : facts) {
            if (ASSETS.contains(fact.concept())) {
                Context context = contexts.get(fact.contextRef());
                if (context != null && !context.dimensional() && context.isInstant()
                        && ChronoUnit.DAYS.between(context.end(), end) >= PRIOR_YEAR_END_MIN_GAP_DAYS
                        && ChronoUnit.DAYS.between(context.end(), end) <= YEAR_MAX_DAYS
                        && (latest == null || context.end().isAfter(latest))) {
                    latest = context.end();
                }
            }
        }
        return latest;
    }

    private static FinancialFigures figures(List<Fact> facts, Map<String, Context> contexts,
                                            Predicate<Context> flows, Predicate<Context> balances) {
        return new FinancialFigures(
                find(facts, contexts, REVENUE, flows),
                find(facts, contexts, NET_INCOME, flows),
                find(facts, contexts, EPS_BASIC, flows),
                find(facts, contexts, EPS_DILUTED, flows),
                find(facts, contexts, ASSETS, balances),
                find(facts, contexts, LIABILITIES, balances),
                find(facts, contexts, EQUITY, balances),
                find(facts, contexts, CASH, balances),
                find(facts, contexts, OPERATING_CASH_FLOW, flows));
    }

    private static BigDecimal find(List<Fact> facts, Map<String, Context> contexts, List<String> concepts,
                                   Predicate<Context> period) {
        for (String concept : concepts) {
            for (Fact fact : facts) {
                if (fact.concept().equals(concept)) {
                    Context context = contexts.get(fact.contextRef());
                    if (context != null && period.test(context)) {
                        return fact.value();
                    }
                }
            }
        }
        return null;
    }

    private static boolean near(LocalDate a, LocalDate b) {
        return Math.abs(ChronoUnit.DAYS.between(a, b)) <= PERIOD_END_TOLERANCE_DAYS;
    }

    private static Context context(Element element) {
        boolean dimensional = !element.getElementsByTag("xbrli:segment").isEmpty()
                || !element.getElementsByTag("xbrli:scenario").isEmpty();
        LocalDate instant = date(element, "xbrli:instant");
        if (instant != null) {
            return new Context(null, instant, dimensional);
        }
        return new Context(date(element, "xbrli:startdate"), date(element, "xbrli:enddate"), dimensional);
    }

    private static LocalDate date(Element context, String tag) {
        Element found = context.getElementsByTag(tag).first();
        if (found == null) {
            return null;
        }
        try {
            return LocalDate.parse(found.text().strip().substring(0, Math.min(10, found.text().strip().length())));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String unitMeasure(Element unit) {
        Element measure = unit.getElementsByTag("xbrli:measure").first();
        return measure == null ? null : measure.text().strip();
    }

    /** The fact's value in full units: the displayed number times 10^scale, negated when sign="-". */
    static BigDecimal numericValue(Element fact) {
        if (fact.hasAttr("xsi:nil") && "true".equalsIgnoreCase(fact.attr("xsi:nil"))) {
            return null;
        }
        String format = fact.attr("format").toLowerCase(Locale.ROOT);
        String shown = fact.text().strip();
        BigDecimal value;
        if (format.endsWith("fixed-zero") || format.endsWith("zerodash") || format.endsWith("fixedzero")) {
            value = BigDecimal.ZERO;
        } else if (format.endsWith("numwordsen") || format.endsWith("num-words-en")) {
            value = wordNumber(shown);
        } else if (format.contains("comma-decimal") || format.contains("numcommadecimal")) {
            value = decimal(shown.replace(".", "").replace(" ", "").replace(",", "."));
        } else {
            value = decimal(shown.replace(",", "").replace(" ", ""));
        }
        if (value == null) {
            return null;
        }
        String scale = fact.attr("scale");
        if (!scale.isEmpty()) {
            try {
                value = value.movePointRight(Integer.parseInt(scale.strip()));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if ("-".equals(fact.attr("sign"))) {
            value = value.negate();
        }
        return value.stripTrailingZeros().scale() < 0 ? value.setScale(0) : value.stripTrailingZeros();
    }

    private static BigDecimal decimal(String digits) {
        String cleaned = digits.replaceAll("[^0-9.]", "");
        if (cleaned.isEmpty() || cleaned.equals(".")) {
            return null;
        }
        try {
            return new BigDecimal(cleaned);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigDecimal wordNumber(String shown) {
        String word = shown.toLowerCase(Locale.ROOT);
        return word.equals("no") || word.equals("none") || word.equals("zero") || word.equals("nil")
                ? BigDecimal.ZERO : decimal(shown);
    }

    private static String currency(List<Fact> facts, Map<String, String> units) {
        for (String concept : REVENUE) {
            for (Fact fact : facts) {
                if (fact.concept().equals(concept)) {
                    String measure = units.get(fact.unitRef());
                    if (measure != null && measure.startsWith("iso4217:")) {
                        return measure.substring("iso4217:".length());
                    }
                }
            }
        }
        return units.values().stream().filter(m -> m != null && m.startsWith("iso4217:"))
                .map(m -> m.substring("iso4217:".length())).findFirst().orElse(null);
    }

    private static Integer fiscalYear(Map<String, Element> dei, LocalDate periodEnd) {
        String text = text(dei.get("dei:DocumentFiscalYearFocus"));
        if (text != null && text.matches("[0-9]{4}")) {
            return Integer.valueOf(text);
        }
        return periodEnd.getYear();
    }

    private static String text(Element element) {
        if (element == null) {
            return null;
        }
        String text = element.text().strip();
        return text.isEmpty() ? null : text;
    }
}
