package com.aperilex.flow.pipeline;

import com.aperilex.flow.domain.Sha256;
import com.aperilex.flow.edgar.FilingDescriptor;
import com.aperilex.flow.persistence.FilingRecord;
import com.aperilex.flow.persistence.FilingRepository;
import com.aperilex.flow.persistence.TaskRuns;
import com.aperilex.flow.pool.PoolFilingSource;
import com.aperilex.flow.message.TaskMessage;
import com.aperilex.flow.storage.DocumentStorage;
import com.aperilex.flow.storage.StorageKey;
import java.time.Clock;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Raw filings in storage under {@code filings/{cik}/{accession}/{document}}, with SHA-256 and size on
 * the filing row. A stored filing is never fetched again; its checksum is verified on every read, and a
 * copy that fails the check is fetched anew rather than analysed.
 */
@Component("filingDocuments")
public class FilingDocuments {
    private static final Logger LOG = LoggerFactory.getLogger(FilingDocuments.class);

    private final FilingRepository filings;
    private final TaskRuns tasks;
    private final DocumentStorage storage;
    private final Clock clock;

    public FilingDocuments(FilingRepository filings, TaskRuns tasks, DocumentStorage storage, Clock clock) {
        this.filings = filings;
        this.tasks = tasks;
        this.storage = storage;
        this.clock = clock;
    }

    /**
     * The filing's row (created on first sight), linked to the task. A "latest" request marks the filing as the
     * latest of its form, unless the pool source resolved it: the newest filing the pool holds need not be the
     * company's latest.
     */
    public FilingRecord register(@Body FilingDescriptor filing, @ExchangeProperty("task") TaskMessage task) {
        FilingRecord record = filings.register(filing);
        if (task.accessionNumber() == null && !PoolFilingSource.NAME.equals(filing.source())) {
            filings.markLatest(record, clock.instant());
        }
        tasks.linkFiling(task.taskId(), record.id());
        return record;
    }

    /** The stored document if there is one whose checksum still matches; null means fetch it. */
    public byte[] storedDocument(@ExchangeProperty("filingRecord") FilingRecord filing) {
        if (!filing.isStored()) {
            return null;
        }
        Optional<byte[]> stored = storage.get(filing.storageKey());
        if (stored.isEmpty()) {
            LOG.warn("Filing {} is recorded at {} but storage has nothing there; fetching it again",
                    filing.descriptor().accessionNumber(), filing.storageKey());
            return null;
        }
        String actual = Sha256.hex(stored.get());
        if (!actual.equals(filing.sha256())) {
            LOG.warn("Filing {} at {} fails its checksum (recorded {}, found {}); fetching it again",
                    filing.descriptor().accessionNumber(), filing.storageKey(), filing.sha256(), actual);
            return null;
        }
        return stored.get();
    }

    /** Stores a freshly fetched document and returns the filing's row with its key, checksum and size. */
    public FilingRecord store(@Body byte[] document, @ExchangeProperty("filingRecord") FilingRecord filing) {
        FilingDescriptor d = filing.descriptor();
        StorageKey key = new StorageKey("filings/" + d.cik().padded() + "/" + d.accessionNumber().value() + "/"
                + safeSegment(d.primaryDocument()));
        storage.put(key, document, contentType(d.primaryDocument()));
        return filings.markStored(filing, key, Sha256.hex(document), document.length, clock.instant());
    }

    static String safeSegment(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return Character.isLetterOrDigit(safe.charAt(0)) ? safe : "d" + safe;
    }

    static String contentType(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".htm") || lower.endsWith(".html") ? "text/html"
                : lower.endsWith(".txt") ? "text/plain" : "application/octet-stream";
    }
}
