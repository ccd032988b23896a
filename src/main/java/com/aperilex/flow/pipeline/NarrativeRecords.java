package com.aperilex.flow.pipeline;

import com.aperilex.flow.edgar.FilingDescriptor;
import com.aperilex.flow.llm.LlmAnalyst;
import com.aperilex.flow.llm.LlmUsage;
import com.aperilex.flow.llm.Narrative;
import com.aperilex.flow.llm.NarrativeArchive;
import com.aperilex.flow.persistence.FilingRecord;
import com.aperilex.flow.persistence.LlmCalls;
import com.aperilex.flow.storage.DocumentStorage;
import com.aperilex.flow.storage.StorageKey;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The accepted narratives, durable before their analysis: each is stored under
 * {@code narratives/{cik}/{accession}/v{analysisVersion}/{model}.json} (the analysis document's key with the
 * {@value #PREFIX} prefix: outside {@link AnalysisWriter#DOCUMENTS_PREFIX}, so the orphan sweep, which removes
 * analysis documents no analyses row references, leaves a narrative whose analysis is still to be written) and its
 * OK {@code llm_calls} row names that key. A run that finds such a row and no analysis reuses the narrative and
 * what it cost, without a model call.
 */
@Component
public class NarrativeRecords {
    private static final Logger LOG = LoggerFactory.getLogger(NarrativeRecords.class);
    public static final String PREFIX = "narratives/";

    /** What is stored: the narrative and the usage of the calls that made it. */
    record Stored(int schemaVersion, Narrative narrative, LlmUsage usage) {
        static final int SCHEMA_VERSION = 1;
    }

    private final DocumentStorage storage;
    private final LlmCalls calls;
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    public NarrativeRecords(DocumentStorage storage, LlmCalls calls) {
        this.storage = storage;
        this.calls = calls;
    }

    public static StorageKey key(FilingDescriptor filing, int analysisVersion, String model) {
        return new StorageKey(PREFIX + AnalysisWriter.documentKey(filing, analysisVersion, model).value()
                .substring(AnalysisWriter.DOCUMENTS_PREFIX.length()));
    }

    /** Keeps the narrative of this filing, analysis version and model; the key goes on its OK llm_calls row. */
    public NarrativeArchive archive(FilingRecord filing, int analysisVersion, String model) {
        StorageKey key = key(filing.descriptor(), analysisVersion, model);
        return result -> {
            try {
                storage.put(key, mapper.writeValueAsBytes(new Stored(Stored.SCHEMA_VERSION, result.narrative(),
                        result.usage())), "application/json");
            } catch (IOException e) {
                throw new IllegalStateException("a narrative always serialises", e);
            }
            return key.value();
        };
    }

    /**
     * The narrative an earlier run paid for and recorded for this filing, analysis version and model, when no
     * analysis was written with it; empty when there is none or its stored copy is gone or unreadable (then the
     * model is asked again).
     */
    public Optional<LlmAnalyst.Result> awaitingAnalysis(FilingRecord filing, int analysisVersion, String model) {
        StorageKey key = key(filing.descriptor(), analysisVersion, model);
        if (!calls.answerAwaitingAnalysis(filing.id(), analysisVersion, model, key.value())) {
            return Optional.empty();
        }
        Optional<byte[]> bytes = storage.get(key);
        if (bytes.isEmpty()) {
            LOG.warn("The recorded narrative {} is not in storage; the model is asked again", key);
            return Optional.empty();
        }
        try {
            Stored stored = mapper.readValue(bytes.get(), Stored.class);
            LOG.info("Reusing the recorded narrative {} of an earlier run: no model call", key);
            return Optional.of(new LlmAnalyst.Result(stored.narrative(), stored.usage()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("The recorded narrative {} is unreadable ({}); the model is asked again", key, e.toString());
            return Optional.empty();
        }
    }
}
