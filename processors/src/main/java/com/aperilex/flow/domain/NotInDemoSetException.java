package com.aperilex.flow.domain;

/**
 * A DEMO request for a filing the pool holds no analysis or stored document of (403 not-in-demo-set): DEMO is
 * served from the pool only, and never reaches EDGAR.
 */
public class NotInDemoSetException extends RuntimeException {
    public NotInDemoSetException(String detail) {
        super(detail);
    }
}
