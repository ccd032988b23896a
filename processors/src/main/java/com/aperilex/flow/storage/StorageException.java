package com.aperilex.flow.storage;

/** Document storage failed to read or write (a full disk, an unreachable or refusing S3 endpoint). */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
