package com.aperilex.flow.storage;

import java.time.Instant;

/** A document as storage lists it: its key, size and when it was last written. */
public record StoredObject(StorageKey key, long sizeBytes, Instant lastModified) {
}
