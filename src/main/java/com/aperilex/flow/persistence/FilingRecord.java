package com.aperilex.flow.persistence;

import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.edgar.FilingDescriptor;
import com.aperilex.flow.storage.StorageKey;

/**
 * A filing row: what the source said about it, and where its primary document is stored once it is.
 *
 * @param storageKey null until the document is stored
 * @param sha256     hex SHA-256 of the stored document, checked on every read
 */
public record FilingRecord(FilingId id, FilingDescriptor descriptor, StorageKey storageKey, String sha256,
                           Long sizeBytes) {

    public boolean isStored() {
        return storageKey != null && sha256 != null;
    }
}
