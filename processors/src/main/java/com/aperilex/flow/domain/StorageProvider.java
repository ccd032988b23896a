package com.aperilex.flow.domain;

/** Where documents live, chosen by {@code aperilex.storage.provider}. */
public enum StorageProvider {
    LOCAL,
    S3
}
