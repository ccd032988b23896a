package com.aperilex.flow.pipeline;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.Sha256;
import com.aperilex.flow.edgar.ExhibitIndex;
import com.aperilex.flow.edgar.FilingDescriptor;
import com.aperilex.flow.persistence.FilingExhibits;
import com.aperilex.flow.persistence.FilingExhibits.StoredExhibit;
import com.aperilex.flow.persistence.FilingRecord;
import com.aperilex.flow.storage.DocumentStorage;
import com.aperilex.flow.storage.StorageKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The exhibits read beside a filing's primary document (an 8-K's EX-99.x press releases): looked for once in
 * the accession folder's listing, each fetched once and stored under
 * {@code filings/{cik}/{accession}/exhibits/{name}} with its SHA-256, verified on every read like the primary
 * document. The steps of the filing-exhibits and edgar-fetch-exhibits routes; the exhibits a step gives are
 * keyed by type ("EX-99.1"), in exhibit order.
 */
@Component("exhibitDocuments")
public class ExhibitDocuments {
    private static final Logger LOG = LoggerFactory.getLogger(ExhibitDocuments.class);

    private final FilingExhibits exhibits;
    private final DocumentStorage storage;
    private final int maxExhibits;
    private final Clock clock;

    public ExhibitDocuments(FilingExhibits exhibits, DocumentStorage storage, AperilexProperties properties,
                            Clock clock) {
        this.exhibits = exhibits;
        this.storage = storage;
        this.maxExhibits = properties.pipeline().maxExhibits();
        this.clock = clock;
    }

    /** An exhibit the listing names, and where it is fetched from. */
    public record Wanted(String name, String type, String url) {
    }

    /** An exhibit's fetched bytes. */
    public record Fetched(String name, String type, byte[] content) {
    }

    /**
     * The filing's stored exhibits; empty for a form read without them (anything but an 8-K, or
     * aperilex.pipeline.max-exhibits 0); null when they are still to be looked for, or a stored copy is missing
     * or fails its checksum (then all are fetched anew).
     */
    public Map<String, byte[]> stored(@ExchangeProperty("filingRecord") FilingRecord filing) {
        if (filing.descriptor().formType() != FormType.EIGHT_K || maxExhibits == 0) {
            return Map.of();
        }
        Optional<List<StoredExhibit>> rows = exhibits.resolved(filing.id());
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, byte[]> read = new LinkedHashMap<>();
        for (StoredExhibit row : rows.get()) {
            Optional<byte[]> content = storage.get(row.storageKey());
            if (content.isEmpty() || !Sha256.hex(content.get()).equals(row.sha256())) {
                LOG.warn("Exhibit {} of filing {} at {} is {}; fetching the filing's exhibits again", row.type(),
                        filing.descriptor().accessionNumber(), row.storageKey(),
                        content.isEmpty() ? "missing" : "failing its checksum");
                exhibits.forget(filing.id());
                return null;
            }
            read.put(row.type(), content.get());
        }
        return read;
    }

    /** No exhibits: what a source without a listing (the pool) gives. */
    public Map<String, byte[]> none() {
        return Map.of();
    }

    /** The accession folder's listing: index.json beside the primary document. */
    public String indexUrl(@ExchangeProperty("filing") FilingDescriptor filing) {
        return folder(filing) + "index.json";
    }

    /** The EX-99.x documents the listing names (none when it was not found), up to max-exhibits. */
    public List<Wanted> wanted(@Body byte[] index, @ExchangeProperty("filing") FilingDescriptor filing) {
        if (index == null || index.length == 0) {
            return List.of();
        }
        String folder = folder(filing);
        return ExhibitIndex.exhibits(index, filing.primaryDocument(), maxExhibits).stream()
                .map(e -> new Wanted(e.name(), e.type(), folder + e.name())).toList();
    }

    /** The fetched exhibit; null when the listing named a document the folder does not serve. */
    public Fetched fetched(@Body byte[] content, @ExchangeProperty("exhibit") Wanted exhibit) {
        if (content == null || content.length == 0) {
            LOG.info("Exhibit {} ({}) is listed but not served; read without it", exhibit.type(), exhibit.url());
            return null;
        }
        return new Fetched(exhibit.name(), exhibit.type(), content);
    }

    /**
     * Stores the fetched exhibits (the split's bodies; a listed document not served is left out), records the
     * filing's exhibits as looked for, and gives them by type.
     */
    public Map<String, byte[]> store(@Body List<?> fetched, @ExchangeProperty("filingRecord") FilingRecord filing) {
        FilingDescriptor d = filing.descriptor();
        Map<String, byte[]> stored = new LinkedHashMap<>();
        for (Object item : fetched) {
            if (item instanceof Fetched exhibit) {
                StorageKey key = new StorageKey("filings/" + d.cik().padded() + "/" + d.accessionNumber().value()
                        + "/exhibits/" + FilingDocuments.safeSegment(exhibit.name()));
                storage.put(key, exhibit.content(), FilingDocuments.contentType(exhibit.name()));
                exhibits.store(filing.id(), new StoredExhibit(exhibit.name(), exhibit.type(), key,
                        Sha256.hex(exhibit.content()), exhibit.content().length), clock.instant());
                stored.put(exhibit.type(), exhibit.content());
            }
        }
        exhibits.markResolved(filing.id(), clock.instant());
        return stored;
    }

    private static String folder(FilingDescriptor filing) {
        String url = filing.documentUrl();
        return url.substring(0, url.lastIndexOf('/') + 1);
    }
}
