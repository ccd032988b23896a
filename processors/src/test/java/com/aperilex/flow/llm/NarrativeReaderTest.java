package com.aperilex.flow.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
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
    void namesEveryProblemInTheValidatorsWords() {
        assertThatThrownBy(() -> reader.read("""
                {"summary": "", "keyRisks": [{"title": "x", "severity": "critical"}], "extra": 1}"""))
                .isInstanceOfSatisfying(InvalidNarrativeException.class, e -> assertThat(e.problems()).contains(
                        "$: unexpected field \"extra\" (the schema allows no other fields)",
                        "$.summary: does not match the regex pattern \\S",
                        "$: required property 'outlook' not found",
                        "$: required property 'mdaHighlights' not found",
                        "$.keyRisks[0]: required property 'description' not found",
                        "$.keyRisks[0].severity: does not have a value in the enumeration [\"low\", \"medium\", \"high\"]"))
                .hasMessageContaining("; ");
        assertThatThrownBy(() -> reader.read("Here you go: {")).isInstanceOf(InvalidNarrativeException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> reader.read("[1]")).isInstanceOf(InvalidNarrativeException.class)
                .hasMessageContaining("$: array found, object expected");
        assertThatThrownBy(() -> reader.read("  ")).isInstanceOf(InvalidNarrativeException.class)
                .hasMessageContaining("one JSON object");
    }

    @Test
    void anExtraFieldFailsWithTheValidatorsMessageAndIsNotDropped() {
        String answer = VALID.replace("\"description\": \"d\"", "\"description\": \"d\", \"likelihood\": \"rare\"");
        assertThatThrownBy(() -> reader.read(answer))
                .isInstanceOfSatisfying(InvalidNarrativeException.class, e -> assertThat(e.problems())
                        .containsExactly("$.keyRisks[0]: unexpected field \"likelihood\" (the schema allows no other fields)"));
    }

    @Test
    void aMissingFieldFailsAndIsNotInvented() {
        String answer = """
                {"summary": "A summary.", "keyRisks": [{"title": "Supply", "severity": "high", "description": "d"}],
                 "mdaHighlights": ["Margins rose."]}""";
        assertThatThrownBy(() -> reader.read(answer))
                .isInstanceOfSatisfying(InvalidNarrativeException.class, e -> assertThat(e.problems())
                        .containsExactly("$: required property 'outlook' not found"));
        assertThatThrownBy(() -> reader.read(VALID.replace("\"mdaHighlights\": [\"Margins rose.\"]",
                "\"mdaHighlights\": []"))).hasMessage("$.mdaHighlights: must have at least 1 items but found 0");
    }

    @Test
    void anEnumInTheWrongCaseIsNormalised() {
        for (String severity : List.of("HIGH", "High", " high ", "hIgH")) {
            Narrative narrative = reader.read(VALID.replace("\"High\"", "\"" + severity + "\""));
            assertThat(narrative.keyRisks().get(0).severity()).as(severity).isEqualTo(Narrative.Severity.HIGH);
        }
        // Case is forgiven, a value outside the enumeration is not.
        assertThatThrownBy(() -> reader.read(VALID.replace("\"High\"", "\"severe\"")))
                .hasMessageContaining("$.keyRisks[0].severity: does not have a value in the enumeration");
    }

    @Test
    void fencedJsonAndSurroundingWhitespaceAreNormalised() {
        String padded = VALID.replace("\"A summary.\"", "\"  A summary.\\n\"").replace("\"Steady.\"", "\"\\tSteady. \"");
        for (String answer : List.of("```json\n" + padded + "\n```", "\n  ```\n" + padded + "\n```  \n",
                "```JSON\n" + padded + "```")) {
            Narrative narrative = reader.read(answer);
            assertThat(narrative.summary()).isEqualTo("A summary.");
            assertThat(narrative.outlook()).isEqualTo("Steady.");
        }
        // Whitespace only is not a value: it is stripped, then fails.
        assertThatThrownBy(() -> reader.read(VALID.replace("\"Steady.\"", "\"   \"")))
                .hasMessage("$.outlook: does not match the regex pattern \\S");
    }

    @Test
    void theSchemaIsOneDraft202012DocumentTheProviderCopyDropsOnlyTheDialectMarker() throws Exception {
        JsonNode document = new ObjectMapper().readTree(
                NarrativeSchema.class.getResourceAsStream(NarrativeSchema.RESOURCE));
        assertThat(document.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(NarrativeSchema.document()).isEqualTo(document);
        JsonNode provider = NarrativeSchema.forProvider();
        assertThat(provider.has("$schema")).isFalse();
        ObjectNode withoutDialect = document.deepCopy();
        withoutDialect.remove("$schema");
        assertThat(provider).isEqualTo(withoutDialect);
        // Strict structured output wants every object closed and every property required.
        assertThat(provider.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(provider.get("required")).hasSize(provider.get("properties").size());
        JsonNode risk = provider.get("properties").get("keyRisks").get("items");
        assertThat(risk.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(risk.get("required")).hasSize(risk.get("properties").size());
        // The prompt shows the schema itself.
        assertThat(AnalysisPromptBuilder.SYSTEM).contains(NarrativeSchema.text());
    }
}
