package com.aperilex.flow.imports;

import com.aperilex.flow.accounts.Universes;
import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.Account;
import com.aperilex.flow.domain.Caller;
import com.aperilex.flow.domain.Cik;
import com.aperilex.flow.domain.CompanyIdentifier;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.HistoryWindow;
import com.aperilex.flow.domain.ImportRequest;
import com.aperilex.flow.domain.InsufficientCreditsException;
import com.aperilex.flow.domain.ModelTier;
import com.aperilex.flow.domain.OutsideTierAccessException;
import com.aperilex.flow.domain.TaskLane;
import com.aperilex.flow.domain.Ticker;
import com.aperilex.flow.domain.TierPolicy;
import com.aperilex.flow.domain.TierRule;
import com.aperilex.flow.domain.UniverseList;
import com.aperilex.flow.intake.ImportRequestReader;
import com.aperilex.flow.persistence.ImportRecords;
import com.aperilex.flow.persistence.Ledger;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * POST /api/v1/imports: the request read and checked against the owner's tier (imports allowed, forms, universe,
 * history window, a balance for at least one filing's fee), then the import made, or the one the same request made
 * within the dedup window found again. Its companies are resolved later, by the resolve-imports route.
 */
@Component("importIntake")
public class ImportIntake {
    private final ImportRequestReader reader;
    private final ImportRecords records;
    private final Universes universes;
    private final Ledger ledger;
    private final AperilexProperties properties;
    private final ObjectMapper mapper;
    private final Clock clock;

    public ImportIntake(ObjectMapper mapper, ImportRecords records, Universes universes, Ledger ledger,
                        AperilexProperties properties, Clock clock) {
        this.reader = new ImportRequestReader(mapper);
        this.records = records;
        this.universes = universes;
        this.ledger = ledger;
        this.properties = properties;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The request, or 400 with every field's problem, 415 when it is not JSON. */
    public ImportRequest read(@Header(Exchange.CONTENT_TYPE) String contentType, @Body byte[] body) {
        return reader.read(contentType, body, today());
    }

    /**
     * The owner's import for the request: made now, or the one the same request made within the dedup window.
     *
     * @throws OutsideTierAccessException the tier imports nothing (rule bulk-import), or a form, company or date is
     *                                    outside it
     * @throws InsufficientCreditsException the balance does not cover one filing's bulk fee
     */
    public ImportRecords.Made submit(@ExchangeProperty("importRequest") ImportRequest request,
                                     @ExchangeProperty(Caller.PROPERTY) Caller caller,
                                     @ExchangeProperty(Account.PROPERTY) Account account) {
        TierPolicy policy = account.policy();
        if (policy.maxImportFilings() != null && policy.maxImportFilings() == 0) {
            throw new OutsideTierAccessException(TierRule.BULK_IMPORT, policy.tier(),
                    "Your tier (" + policy.tier() + ") does not include bulk imports.");
        }
        for (FormType form : request.formTypes()) {
            if (!policy.allows(form)) {
                throw new OutsideTierAccessException(TierRule.FORM_TYPE, policy.tier(),
                        "Form " + form.edgarName() + " is not included in your tier (" + policy.tier() + ").");
            }
        }
        if (policy.historyYears().isPresent()) {
            LocalDate earliest = HistoryWindow.yearsBack(today(), policy.historyYears().getAsInt()).earliest();
            if (request.from().isBefore(earliest)) {
                throw new OutsideTierAccessException(TierRule.HISTORY, policy.tier(), "Your tier (" + policy.tier()
                        + ") reaches filings back to " + earliest + "; the import starts at " + request.from() + ".");
            }
        }
        List<ImportRecords.Company> companies = companies(request);
        UniverseList allowed = universes.of(policy.universe());
        for (ImportRecords.Company company : companies) {
            boolean inside = company.cik() != null ? allowed.contains(company.cik()) : allowed.contains(company.ticker());
            if (!inside) {
                throw new OutsideTierAccessException(TierRule.UNIVERSE, policy.tier(), (company.cik() != null
                        ? "CIK " + company.cik().value() : company.ticker().value())
                        + " is outside your tier's universe (" + policy.universe() + ").");
            }
        }
        BigDecimal fee = policy.bulkImportFeeUsd(1);
        if (fee.signum() > 0) {
            BigDecimal balance = ledger.balance(caller.userId()).orElse(BigDecimal.ZERO);
            if (balance.compareTo(fee) < 0) {
                throw new InsufficientCreditsException(balance, fee);
            }
        }
        ImportRecords.Terms terms = new ImportRecords.Terms(caller.userId(), ImportRecords.Kind.USER,
                ModelTier.DEFAULT, TaskLane.BULK.highestPriority(), fee, policy.maxImportFilings());
        return records.make(terms, ImportRequestReader.dedupKey(caller.userId(), request), json(request), companies,
                clock.instant(), properties.imports().dedupWindow());
    }

    /** The companies an import covers: the named ones in order, or the universe's list. */
    List<ImportRecords.Company> companies(ImportRequest request) {
        List<ImportRecords.Company> companies = new ArrayList<>();
        if (request.universe() != null) {
            for (UniverseList.Member member : universes.of(request.universe()).members()) {
                companies.add(new ImportRecords.Company(member.ticker(), member.cik()));
            }
        } else {
            for (CompanyIdentifier company : request.companies()) {
                companies.add(company instanceof Cik cik ? new ImportRecords.Company(null, cik)
                        : new ImportRecords.Company((Ticker) company, null));
            }
        }
        return companies;
    }

    /** The request as the imports row keeps it (no email: the owner is the row's user). */
    String json(ImportRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemaVersion", request.schemaVersion());
        if (request.universe() != null) {
            body.put("universe", request.universe().name());
        } else {
            body.put("companies", request.companies().stream().map(CompanyIdentifier::token).toList());
        }
        body.put("formTypes", request.formTypes().stream().map(FormType::edgarName).sorted().toList());
        body.put("from", request.from().toString());
        body.put("to", request.to().toString());
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an import request always serialises", e);
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
