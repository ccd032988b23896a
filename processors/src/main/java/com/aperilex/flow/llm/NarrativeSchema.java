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
import java.util.List;
import java.util.Locale;

/**
 * The narrative's one definition: the JSON Schema (draft 2020-12) document {@code narrative.schema.json}
 * next to this class. The prompt shows it ({@link #text()}), the provider request carries it
 * ({@link #forProvider()}) and {@link NarrativeReader} validates answers against it ({@link #validate}).
 */
public final class NarrativeSchema {
    public static final String RESOURCE = "narrative.schema.json";
    /** The name the provider request gives the schema ({@code response_format.json_schema.name}). */
    public static final String NAME = "narrative";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode DOCUMENT = load();
    private static final String TEXT = pretty(DOCUMENT);
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
