package com.aperilex.flow.storage;

import com.aperilex.flow.domain.StorageProvider;
import java.util.List;
import java.util.Optional;

/** Object storage for raw filings and analysis documents: a local folder, S3, or anything with the same shape. */
public interface DocumentStorage {

    StorageProvider provider();

    /** Stores the content under the key, replacing what was there; the write is atomic for readers. */
    void put(StorageKey key, byte[] content, String contentType);

    Optional<byte[]> get(StorageKey key);

    boolean exists(StorageKey key);

    /**
     * Every stored document whose key starts with {@code prefix} (e.g. {@code analyses/}), in no particular
     * order. Names that are no valid {@link StorageKey} (a local write's temporary file) are not listed.
     */
    List<StoredObject> list(String prefix);

    /** Removes the document under the key; false when there was none. */
    boolean delete(StorageKey key);
}
