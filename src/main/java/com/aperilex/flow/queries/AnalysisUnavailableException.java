package com.aperilex.flow.queries;

/**
 * The analysis exists but its stored document cannot be served: it is missing from storage or fails its
 * recorded checksum (503 analysis-unavailable). The details are logged, not shown.
 */
public final class AnalysisUnavailableException extends RuntimeException {
    public AnalysisUnavailableException(String message) {
        super(message);
    }
}
