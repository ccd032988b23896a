package com.aperilex.flow.accounts;

import com.aperilex.flow.domain.NotInDemoSetException;
import com.aperilex.flow.domain.UniverseList;
import com.aperilex.flow.domain.TierPolicy;
import com.aperilex.flow.domain.TierRule;
import com.aperilex.flow.domain.Account;
import com.aperilex.flow.domain.OutsideTierAccessException;
import com.aperilex.flow.domain.HistoryWindow;

import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.AnalysisRequest;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.CompanyIdentifier;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.domain.UserTier;
import com.aperilex.flow.pool.PoolFilingSource;
import com.aperilex.flow.pool.PooledFilings;
import com.aperilex.flow.pool.PooledFilings.PooledFiling;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Whether the account's tier may ask for the filing, in this order: its universe (the company by CIK, or by
 * ticker through the list's Symbol column), its form types, its history window (max-history-years: a named
 * accession's filing date when the pool has the filing, else the year its number names; "the latest" passes,
 * a pooled answer is judged by its filing's date). 403 outside-tier-access names the rule and the tier.
 *
 * <p>DEMO is served from the pool only: a pooled analysis, or a filing whose document the pool stores (then its
 * task resolves through the "pool" data source and never reaches EDGAR); anything else is 403 not-in-demo-set.
 * Looks nothing up for a tier with no universe list and no history window (ENTERPRISE, by default).
 */
@Component("tierAccess")
public class TierAccess {
    private final Universes universes;
    private final PooledFilings filings;
    private final Clock clock;

    public TierAccess(Universes universes, PooledFilings filings, Clock clock) {
        this.universes = universes;
        this.filings = filings;
        this.clock = clock;
    }

    /** The data source the task resolves its filing through: null for the configured one, "pool" for DEMO. */
    public String check(@ExchangeProperty(Account.PROPERTY) Account account,
                        @ExchangeProperty("analysisRequest") AnalysisRequest request,
                        @ExchangeProperty("pooledAnalysisId") AnalysisId pooledAnalysisId) {
        TierPolicy policy = account.policy();
        UserTier tier = policy.tier();
        Known known = new Known(() -> pooledAnalysisId != null ? filings.ofAnalysis(pooledAnalysisId)
                : request.accession().flatMap(filings::byAccession).filter(f -> f.isOf(request.company())));

        UniverseList universe = universes.of(policy.universe());
        if (!inside(universe, request.company()) && !known.get().map(f -> universe.contains(f.cik())).orElse(false)) {
            throw new OutsideTierAccessException(TierRule.UNIVERSE, tier, "The " + tier + " tier may ask only about "
                    + "companies in its universe (" + policy.universe() + "); " + request.company() + " is not in it.");
        }
        if (!policy.allows(request.formType())) {
            throw new OutsideTierAccessException(TierRule.FORM_TYPE, tier, "The " + tier + " tier may ask only for "
                    + policy.formTypes().stream().map(f -> f.edgarName()).sorted().collect(Collectors.joining(", "))
                    + " filings, not " + request.formType().edgarName() + ".");
        }
        HistoryWindow history = policy.historyYears().isPresent()
                ? HistoryWindow.yearsBack(LocalDate.now(clock.withZone(ZoneOffset.UTC)), policy.historyYears().getAsInt())
                : null;
        if (history != null) {
            Optional<LocalDate> filed = known.get().map(PooledFiling::filingDate);
            boolean outside = filed.isPresent() ? !history.contains(filed.get())
                    : request.accession().map(history::certainlyBefore).orElse(false);
            if (outside) {
                throw new OutsideTierAccessException(TierRule.HISTORY, tier, "The " + tier + " tier may ask only for "
                        + "filings of the last " + policy.historyYears().getAsInt() + " years (filed on or after "
                        + history.earliest() + "); this filing is from " + filed.map(LocalDate::toString)
                        .orElse(HistoryWindow.year(request.accessionNumber()) + "") + ".");
            }
        }
        if (tier != UserTier.DEMO || pooledAnalysisId != null) {
            return null;
        }
        Optional<PooledFiling> stored = request.wantsLatest()
                ? filings.newestStored(request.company(), request.formType(), history == null ? null : history.earliest())
                : known.get().filter(f -> f.formType().equals(request.formType().edgarName()) && f.isStored());
        if (stored.isEmpty()) {
            throw new NotInDemoSetException("The DEMO tier is served from the pool of filings already analysed or "
                    + "stored, which holds no " + request.formType().edgarName() + " of " + request.company()
                    + (request.wantsLatest() ? "" : " with accession " + request.accessionNumber()) + ".");
        }
        return PoolFilingSource.NAME;
    }

    private static boolean inside(UniverseList universe, CompanyIdentifier company) {
        return company instanceof Cik cik ? universe.contains(cik) : universe.contains((Ticker) company);
    }

    /** The filing the request names, looked up at most once and only when a rule needs it. */
    private static final class Known {
        private final Supplier<Optional<PooledFiling>> lookup;
        private Optional<PooledFiling> value;

        Known(Supplier<Optional<PooledFiling>> lookup) {
            this.lookup = lookup;
        }

        Optional<PooledFiling> get() {
            if (value == null) {
                value = lookup.get();
            }
            return value;
        }
    }
}
