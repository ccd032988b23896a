package com.aperilex.flow.llm;

import java.util.List;

/** The model's answer misses the analysis schema; {@link #problems()} says how. */
public class InvalidNarrativeException extends RuntimeException {
    private final List<String> problems;

    public InvalidNarrativeException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
