package com.aperilex.flow.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.i18n.ResourceBundleMessageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import com.aperilex.flow.domain.FormType;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The narrative's one definition: the JSON Schema (draft 2020-12) document {@code narrative.schema.json}
 * next to this class. The prompt shows it ({@link #text()}), the provider request carries it
 * ({@link #forProvider()}) and {@link NarrativeReader} validates answers against it ({@link #validate}).
 *
 * <p>Its shape is the same for every form; the descriptions of its four fields, which tell the model what to
 * write, fit the form ({@link #forForm}): a 10-Q's summary is about the quarter, an 8-K's about the event it
 * reports, a proxy statement's about what shareholders vote on. The resource holds the annual report's wording.
 */
public final class NarrativeSchema {
    public static final String RESOURCE = "narrative.schema.json";
    /** The name the provider request gives the schema ({@code response_format.json_schema.name}). */
    public static final String NAME = "narrative";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode DOCUMENT = load();
    private static final String TEXT = pretty(DOCUMENT);
    private static final Map<FormType, Worded> BY_FORM = byForm();
    private static final JsonSchema VALIDATOR = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(DOCUMENT, SchemaValidatorsConfig.builder()
                    // The repair turn is in English whatever the JVM's locale; narrative-messages only rewords
                    // what the model reads more easily ("unexpected field"), the rest is the validator's own.
                    .locale(Locale.ENGLISH)
                    // "$.keyRisks[0].severity" rather than "/keyRisks/0/severity": plainer to a model.
                    .pathType(PathType.JSON_PATH)
                    .messageSource(new ResourceBundleMessageSource("com.aperilex.flow.llm.narrative-messages",
                            "jsv-messages"))
                    .build());

    private NarrativeSchema() {
    }

    /** The schema document, a copy the caller may change. */
    public static JsonNode document() {
        return DOCUMENT.deepCopy();
    }

    /** The schema document as indented JSON, as the prompt shows it. */
    public static String text() {
        return TEXT;
    }

    /**
     * The schema as a provider's structured-output request carries it: the same document without the
     * {@code $schema} dialect marker, which strict-mode servers do not need and some refuse.
     */
    public static ObjectNode forProvider() {
        ObjectNode copy = (ObjectNode) DOCUMENT.deepCopy();
        copy.remove("$schema");
        return copy;
    }

    /**
     * The schema worded for a form: {@link Worded#text()} for the prompt, {@link Worded#forProvider()} for the
     * request. Answers to any form's wording are validated by {@link #validate}, the shape being the same.
     */
    public static Worded forForm(FormType form) {
        return BY_FORM.get(form == null ? FormType.DEFAULT : form);
    }

    /** The schema with one form's descriptions. */
    public static final class Worded {
        private final ObjectNode document;
        private final String text;

        private Worded(ObjectNode document) {
            this.document = document;
            this.text = pretty(document);
        }

        /** The worded document as indented JSON, as the prompt shows it. */
        public String text() {
            return text;
        }

        /** The worded document without {@code $schema}, as a structured-output request carries it. */
        public ObjectNode forProvider() {
            ObjectNode copy = document.deepCopy();
            copy.remove("$schema");
            return copy;
        }
    }

    /**
     * What each field asks for, per kind of form: summary, keyRisks, mdaHighlights, outlook. The annual report's
     * wording is the resource's own; 10-K/A and 20-F share it.
     */
    private static Map<FormType, Worded> byForm() {
        Map<FormType, Worded> worded = new EnumMap<>(FormType.class);
        for (FormType form : FormType.values()) {
            List<String> words = switch (form) {
                case TEN_K, TEN_K_AMENDED, TWENTY_F -> null;
                case TEN_Q -> List.of(
                        "2 to 6 sentences on the business and the quarter, and the year to date where it differs",
                        "the most material risks the quarterly report names, new or changed ones first",
                        "points from management's discussion and analysis of the quarter",
                        "what the report says about the rest of the fiscal year");
                case EIGHT_K -> List.of(
                        "2 to 6 sentences on what happened: the event the current report discloses, when, and what "
                                + "it means for the company",
                        "the risks the report or its exhibits name, or that the event plainly brings",
                        "the facts of the event from the items and exhibits: terms, amounts, dates, people, results",
                        "what the report says comes next (guidance, closing or effective dates, next steps), or "
                                + "that it says nothing about it");
                case DEF_14A -> List.of(
                        "2 to 6 sentences on the meeting and what shareholders are asked to vote on",
                        "governance and compensation concerns the proxy statement raises, e.g. pay against "
                                + "performance, say-on-pay support, director independence",
                        "points on executive compensation, director elections, the proposals and ownership",
                        "what the board recommends and what changes if the proposals pass");
                case S_1 -> List.of(
                        "2 to 6 sentences on the business and the offering",
                        "the most material risks the prospectus names",
                        "points on the offering and the use of proceeds, and from management's discussion where "
                                + "the prospectus has one",
                        "what the prospectus says the company will do with the proceeds and plans next");
            };
            ObjectNode document = (ObjectNode) DOCUMENT.deepCopy();
            if (words != null) {
                ObjectNode properties = (ObjectNode) document.get("properties");
                ((ObjectNode) properties.get("summary")).put("description", words.get(0));
                ((ObjectNode) properties.get("keyRisks")).put("description", words.get(1));
                ((ObjectNode) properties.get("mdaHighlights")).put("description", words.get(2));
                ((ObjectNode) properties.get("outlook")).put("description", words.get(3));
            }
            worded.put(form, new Worded(document));
        }
        return worded;
    }

    /** The validator's messages for every way {@code answer} misses the schema; empty when it follows it. */
    public static List<String> validate(JsonNode answer) {
        return VALIDATOR.validate(answer).stream().map(ValidationMessage::getMessage).toList();
    }

    private static JsonNode load() {
        try (InputStream in = NarrativeSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
