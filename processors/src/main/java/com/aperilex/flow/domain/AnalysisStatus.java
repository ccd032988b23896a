package com.aperilex.flow.domain;

/** The step a task's analysis has reached inside the worker pipeline. */
public enum AnalysisStatus {
    INITIATED,
    FETCHING_FILING,
    FILING_STORED,
    PARSING,
    ANALYZING,
    STORING,
    COMPLETED,
    ERROR
}
