package com.aperilex.flow.storage;

import com.aperilex.flow.domain.StorageProvider;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Object storage whose every operation is an observation {@code aperilex.storage.request}: a span of its own in the
 * step that stores or reads (S3's HTTP call, or the local folder's write) and a timer
 * {@code aperilex_storage_request_seconds{provider, operation, error}}. Keys are not tags (they name filings).
 */
public final class ObservedDocumentStorage implements DocumentStorage {
    private final DocumentStorage delegate;
    private final ObservationRegistry registry;

    public ObservedDocumentStorage(DocumentStorage delegate, ObservationRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public StorageProvider provider() {
        return delegate.provider();
    }

    @Override
    public void put(StorageKey key, byte[] content, String contentType) {
        observe("put", () -> {
            delegate.put(key, content, contentType);
            return null;
        });
    }

    @Override
    public Optional<byte[]> get(StorageKey key) {
        return observe("get", () -> delegate.get(key));
    }

    @Override
    public boolean exists(StorageKey key) {
        return observe("exists", () -> delegate.exists(key));
    }

    @Override
    public List<StoredObject> list(String prefix) {
        return observe("list", () -> delegate.list(prefix));
    }

    @Override
    public boolean delete(StorageKey key) {
        return observe("delete", () -> delegate.delete(key));
    }

    private <T> T observe(String operation, Supplier<T> call) {
        String provider = delegate.provider().name().toLowerCase(java.util.Locale.ROOT);
        return Observation.createNotStarted("aperilex.storage.request", registry)
                .contextualName("storage " + provider + " " + operation)
                .lowCardinalityKeyValue("provider", provider)
                .lowCardinalityKeyValue("operation", operation)
                .observe(call);
    }
}
