package com.aperilex.flow.domain;

/** The URLs the API hands out, relative to the service root so they work behind any proxy. */
public final class ApiLinks {
    public static final String BASE = "/api/v1";

    private ApiLinks() {
    }

    public static String task(TaskId id) {
        return BASE + "/tasks/" + id;
    }

    public static String taskEvents(TaskId id) {
        return BASE + "/tasks/" + id + "/events";
    }

    public static String importStatus(ImportId id) {
        return BASE + "/imports/" + id;
    }

    public static String importEvents(ImportId id) {
        return BASE + "/imports/" + id + "/events";
    }

    public static String analysis(AnalysisId id) {
        return BASE + "/analyses/" + id;
    }
}
