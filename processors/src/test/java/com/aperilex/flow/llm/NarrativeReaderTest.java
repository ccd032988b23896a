package com.aperilex.flow.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NarrativeReaderTest {
    private final NarrativeReader reader = new NarrativeReader();
    private static final String VALID = """
            {"summary": "A summary.", "keyRisks": [{"title": "Supply", "severity": "High", "description": "d"}],
             "mdaHighlights": ["Margins rose."], "outlook": "Steady."}""";

    @Test
    void readsTheSchemaAndForgivesACodeFence() {
        Narrative narrative = reader.read("```json\n" + VALID + "\n```");
        assertThat(narrative.summary()).isEqualTo("A summary.");
        assertThat(narrative.keyRisks().get(0).severity()).isEqualTo(Narrative.Severity.HIGH);
        assertThat(narrative.mdaHighlights()).containsExactly("Margins rose.");
    }

    @Test
    void namesEveryProblem() {
        assertThatThrownBy(() -> reader.read("""
                {"summary": "", "keyRisks": [{"title": "x", "severity": "critical"}], "extra": 1}"""))
                .isInstanceOfSatisfying(InvalidNarrativeException.class, e -> assertThat(e.problems()).contains(
                        "unexpected field \"extra\"", "summary must be a non-empty string",
                        "outlook must be a non-empty string", "keyRisks[0].description must be a non-empty string",
                        "keyRisks[0].severity must be \"low\", \"medium\" or \"high\", not \"critical\"",
                        "mdaHighlights must be an array of 1 to 10 items"));
        assertThatThrownBy(() -> reader.read("Here you go: {")).isInstanceOf(InvalidNarrativeException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> reader.read("[1]")).hasMessageContaining("one JSON object");
    }
}
