package com.aperilex.flow.edgar;

import java.io.IOException;

/**
 * An EDGAR answer larger than {@code aperilex.edgar.max-document-size}, declared or counted: an IOException so
 * that it leaves the HTTP client the way a broken connection does, and the route tells the two apart.
 */
public class DocumentTooLargeException extends IOException {
    public DocumentTooLargeException(String message) {
        super(message);
    }
}
