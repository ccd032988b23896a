package com.aperilex.flow.pipeline;

import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.persistence.AnalysisRepository;
import com.aperilex.flow.storage.DocumentStorage;
import com.aperilex.flow.storage.StorageKey;
import com.aperilex.flow.storage.StoredObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Removes analysis documents that no analyses row references, once they are older than the grace period:
 * a document is stored before its row is written, so one whose row never came (a crash in between) would
 * otherwise stay forever. The grace keeps a document whose row is still being written.
 */
@Component("orphanAnalysisSweep")
public class OrphanAnalysisSweep {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanAnalysisSweep.class);

    private final AnalysisRepository analyses;
    private final DocumentStorage storage;
    private final Duration grace;
    private final Clock clock;

    @Autowired
    public OrphanAnalysisSweep(AnalysisRepository analyses, DocumentStorage storage, AperilexProperties properties,
                               Clock clock) {
        this(analyses, storage, properties.analysis().orphanGrace(), clock);
    }

    public OrphanAnalysisSweep(AnalysisRepository analyses, DocumentStorage storage, Duration grace, Clock clock) {
        this.analyses = analyses;
        this.storage = storage;
        this.grace = grace;
        this.clock = clock;
    }

    /** One sweep; returns how many documents it removed. */
    public int sweep() {
        Instant cutoff = clock.instant().minus(grace);
        List<StorageKey> old = storage.list(AnalysisWriter.DOCUMENTS_PREFIX).stream()
                .filter(o -> o.lastModified() != null && o.lastModified().isBefore(cutoff))
                .map(StoredObject::key).toList();
        if (old.isEmpty()) {
            return 0;
        }
        Set<StorageKey> referenced = analyses.referenced(old);
        int removed = 0;
        for (StorageKey key : old) {
            if (!referenced.contains(key) && storage.delete(key)) {
                LOG.info("Removed analysis document {}: no analysis references it and it is older than {}", key, grace);
                removed++;
            }
        }
        return removed;
    }
}
