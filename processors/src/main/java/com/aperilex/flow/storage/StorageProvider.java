package com.aperilex.flow.storage;

/** Where documents live, chosen by {@code aperilex.storage.provider}. */
public enum StorageProvider {
    LOCAL,
    S3
}
