package com.aperilex.flow.pool;

import com.aperilex.flow.domain.CompanyIdentifier;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.Sha256;
import com.aperilex.flow.domain.TaskFailure;
import com.aperilex.flow.edgar.FilingDescriptor;
import com.aperilex.flow.message.TaskMessage;
import com.aperilex.flow.storage.DocumentStorage;
import com.aperilex.flow.storage.StorageKey;
import java.util.Optional;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * The "pool" data source (routes/sources/pool/): serves only filings whose document the pool already stores, from
 * the filings table and storage, with no HTTP call. DEMO tasks run on it.
 */
@Component("poolFilingSource")
public class PoolFilingSource {
    /** The source name tasks carry in tasks.filing_source, and the routes' prefix. */
    public static final String NAME = "pool";

    private final PooledFilings filings;
    private final DocumentStorage storage;

    public PoolFilingSource(PooledFilings filings, DocumentStorage storage) {
        this.filings = filings;
        this.storage = storage;
    }

    /**
     * The task's filing as the pool holds it: the named accession (of the task's company and form), or the
     * newest stored filing of that company and form. FILING_NOT_FOUND (permanent) when the pool has none.
     */
    public FilingDescriptor resolve(@ExchangeProperty("task") TaskMessage task) {
        CompanyIdentifier company = task.cik() != null ? task.cik() : task.ticker();
        Optional<PooledFilings.PooledFiling> found = task.accessionNumber() == null
                ? filings.newestStored(company, task.formType(), null)
                : filings.byAccession(task.accessionNumber())
                        .filter(f -> f.isOf(company) && f.formType().equals(task.formType().edgarName()) && f.isStored());
        PooledFilings.PooledFiling filing = found.orElseThrow(() -> TaskFailure.permanent(ErrorCode.FILING_NOT_FOUND,
                "the pool stores no " + task.formType().edgarName() + " of " + company
                        + (task.accessionNumber() == null ? "" : " with accession " + task.accessionNumber())));
        return new FilingDescriptor(NAME, filing.cik(), task.ticker() != null ? task.ticker() : filing.ticker(),
                filing.companyName(), filing.accessionNumber(), FormType.fromEdgarName(filing.formType()),
                filing.filingDate(), filing.periodOfReport(), filing.primaryDocument(), filing.documentUrl());
    }

    /**
     * The stored document, when it still matches its recorded checksum; otherwise the pool cannot serve the
     * filing (FILING_NOT_FOUND, permanent): it has no other copy to fetch.
     */
    public byte[] document(@ExchangeProperty("filing") FilingDescriptor filing) {
        PooledFilings.PooledFiling row = filings.byAccession(filing.accessionNumber()).filter(PooledFilings.PooledFiling::isStored)
                .orElseThrow(() -> TaskFailure.permanent(ErrorCode.FILING_NOT_FOUND,
                        "the pool stores no document of " + filing.accessionNumber()));
        Optional<byte[]> stored = storage.get(new StorageKey(row.storageKey()));
        if (stored.isEmpty() || !Sha256.hex(stored.get()).equals(row.sha256())) {
            throw TaskFailure.permanent(ErrorCode.FILING_NOT_FOUND, "the pool's copy of " + filing.accessionNumber()
                    + " at " + row.storageKey() + " is missing or fails its checksum");
        }
        return stored.get();
    }
}
