package com.aperilex.flow.pipeline;

import com.aperilex.flow.domain.TaskFailure;
import com.aperilex.flow.domain.ErrorCode;
import com.aperilex.flow.analysis.AnalysisDocument;
import com.aperilex.flow.analysis.AnalysisDocumentCodec;
import com.aperilex.flow.config.AperilexProperties;
import com.aperilex.flow.domain.AnalysisId;
import com.aperilex.flow.domain.FormType;
import com.aperilex.flow.domain.Sha256;
import com.aperilex.flow.edgar.FilingDescriptor;
import com.aperilex.flow.llm.AnalysisPromptBuilder;
import com.aperilex.flow.config.AperilexProperties.OnBudgetExhausted;
import com.aperilex.flow.llm.LlmAnalyst;
import com.aperilex.flow.llm.LlmAnalysts;
import com.aperilex.flow.domain.ModelTier;
import com.aperilex.flow.llm.LlmCallContext;
import com.aperilex.flow.message.TaskMessage;
import com.aperilex.flow.llm.TokenCounters;
import com.aperilex.flow.llm.TokenEstimate;
import com.aperilex.flow.parsing.FilingParser;
import com.aperilex.flow.parsing.ParsedFiling;
import com.aperilex.flow.parsing.TenKItemSegmenter;
import com.aperilex.flow.parsing.FilingSection;
import com.aperilex.flow.persistence.AnalysisRepository;
import com.aperilex.flow.persistence.FilingRecord;
import com.aperilex.flow.storage.DocumentStorage;
import com.aperilex.flow.storage.StorageKey;
import java.nio.charset.StandardCharsets;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of the analyze-filing route: parse the document, store its sections, ask the
 * model for the narrative, and store the analysis document in the global pool.
 */
@Component("analysisWriter")
public class AnalysisWriter {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisWriter.class);
    /** The model key of analyses made without an LLM: figures and sections only. */
    public static final String NO_MODEL = LlmAnalysts.NO_MODEL;
    /** Every analysis document is stored under this prefix (the orphan sweep lists it). */
    public static final String DOCUMENTS_PREFIX = "analyses/";

    private final AnalysisRepository analyses;
    private final DocumentStorage storage;
    private final AnalysisDocumentCodec codec;
    private final LlmAnalysts analysts;
    private final ModelTier defaultTier;
    private final NarrativeRecords narratives;
    /** One prompt builder per model and form: each counts tokens with its model family's tokenizer. */
    private final Map<String, AnalysisPromptBuilder> prompts = new ConcurrentHashMap<>();
    private final AperilexProperties.Llm llm;
    private final FilingParser parser = new FilingParser();
    private final ObservationRegistry observations;
    private final int analysisVersion;
    private final OnBudgetExhausted onBudgetExhausted;
    private final Clock clock;

    public AnalysisWriter(AnalysisRepository analyses, DocumentStorage storage, AnalysisDocumentCodec codec,
                          LlmAnalysts analysts, NarrativeRecords narratives, AperilexProperties properties,
                          Clock clock, ObservationRegistry observations) {
        this.observations = observations;
        this.analyses = analyses;
        this.narratives = narratives;
        this.storage = storage;
        this.codec = codec;
        this.analysts = analysts;
        this.llm = properties.llm();
        this.defaultTier = llm.defaultTier();
        this.analysisVersion = properties.analysis().version();
        this.onBudgetExhausted = llm.onBudgetExhausted();
        this.clock = clock;
    }

    /** The analysis already in the pool for this filing, analysis version and the task's tier's model, or null. */
    public AnalysisId existing(@ExchangeProperty("filingRecord") FilingRecord filing,
                               @ExchangeProperty("task") TaskMessage task) {
        return analyses.find(filing.id(), analysisVersion, model(task)).orElse(null);
    }

    /**
     * The document's figures and sections, with its exhibits' (property exhibits, set by filing-exhibits: an
     * 8-K's EX-99.x by type) after its own. Observed as {@code aperilex.filing.parse} (span {@code parse <form, lower case>},
     * timer {@code aperilex_filing_parse_seconds{form, error}}).
     */
    public ParsedFiling parse(@Body byte[] document, @ExchangeProperty("filingRecord") FilingRecord filing,
                              @ExchangeProperty("exhibits") Map<String, byte[]> exhibits) {
        if (document == null || document.length == 0) {
            throw TaskFailure.permanent(ErrorCode.UNSUPPORTED_FILING, "the primary document of "
                    + filing.descriptor().accessionNumber() + " is empty");
        }
        String form = filing.descriptor().formType().edgarName();
        return Observation.createNotStarted("aperilex.filing.parse", observations)
                // lower case: the tracing bridge writes an upper-case letter of a span name as "-" and the letter
                .contextualName("parse " + form.toLowerCase(java.util.Locale.ROOT))
                .lowCardinalityKeyValue("form", form)
                .observe(() -> parser.parse(document, filing.descriptor().formType(),
                        exhibits == null ? Map.of() : exhibits));
    }

    /**
     * Each section's text under {@code filings/{cik}/{accession}/sections/item-{key}.txt}: a 10-K's items in form
     * order, any other form's sections in the order its segmenter found them.
     */
    public Map<String, AnalysisDocument.Section> storeSections(@ExchangeProperty("parsed") ParsedFiling parsed,
                                                               @ExchangeProperty("filingRecord") FilingRecord filing) {
        FilingDescriptor d = filing.descriptor();
        Map<String, AnalysisDocument.Section> sections = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        FormType form = form(filing);
        if (form == FormType.TEN_K || form == FormType.TEN_K_AMENDED) {
            TenKItemSegmenter.ITEMS.stream().filter(parsed.sections()::containsKey).forEach(order::add);
        }
        parsed.sections().keySet().stream().filter(key -> !order.contains(key)).forEach(order::add);
        for (String item : order) {
            FilingSection section = parsed.sections().get(item);
            StorageKey key = new StorageKey("filings/" + d.cik().padded() + "/" + d.accessionNumber().value()
                    + "/sections/item-" + item + ".txt");
            storage.put(key, section.text().getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
            sections.put(item, new AnalysisDocument.Section(section.title(), section.chars(), key.value()));
        }
        return sections;
    }

    /**
     * The narrative an earlier run of this filing paid for and recorded (its OK llm_calls row names the stored
     * narrative) but died before writing the analysis with: reused, with what it cost, without a model call.
     * Null when there is none, or no LLM is configured.
     */
    public LlmAnalyst.Result recordedNarration(@ExchangeProperty("parsed") ParsedFiling parsed,
                                               @ExchangeProperty("filingRecord") FilingRecord filing,
                                               @ExchangeProperty("task") TaskMessage task) {
        if (analysts.forTier(tier(task)).isEmpty() || !prompts(model(task), form(filing)).covers(parsed.sections())) {
            return null;
        }
        return narratives.awaitingAnalysis(filing, analysisVersion, model(task)).orElse(null);
    }

    /**
     * The model's narrative and its cost, or null when no LLM is configured, or when the day's LLM budget is
     * used up and aperilex.llm.on-budget-exhausted is facts-only. Each model call is recorded for this task and
     * filing; the accepted narrative is stored ({@link NarrativeRecords}) before its OK call is recorded, the row
     * naming where.
     *
     * @throws TaskFailure LLM_BUDGET_EXHAUSTED (transient, not before the next UTC midnight) when the budget is
     *                     used up and on-budget-exhausted is retry; LLM_FAILED when the model failed
     */
    public LlmAnalyst.Result narrate(@ExchangeProperty("parsed") ParsedFiling parsed,
                                     @ExchangeProperty("filingRecord") FilingRecord filing,
                                     @ExchangeProperty("task") TaskMessage task) {
        Optional<LlmAnalyst> analyst = analysts.forTier(tier(task));
        if (analyst.isEmpty()) {
            return null;
        }
        if (!prompts(model(task), form(filing)).covers(parsed.sections())) {
            // Forms not segmented, sections other than the prompt's, or a 10-K whose items were not found: a
            // narrative from a heading alone would be invented, so the analysis carries figures only.
            LOG.info("No items located in {} {}; analysis without narrative", filing.descriptor().formType(),
                    filing.descriptor().accessionNumber());
            return null;
        }
        FilingDescriptor d = filing.descriptor();
        String company = parsed.facts().registrantName() != null ? parsed.facts().registrantName()
                : d.companyName() != null ? d.companyName() : "CIK " + d.cik();
        String heading = heading(company, d, parsed);
        LlmCallContext context = new LlmCallContext(task == null ? null : task.taskId(), filing.id(),
                tier(task).wireName());
        try {
            return analyst.get().analyze(context, prompts(model(task), form(filing)).build(heading, parsed.sections()),
                    narratives.archive(filing, analysisVersion, model(task)));
        } catch (TaskFailure failure) {
            if (failure.code() != ErrorCode.LLM_BUDGET_EXHAUSTED || onBudgetExhausted != OnBudgetExhausted.FACTS_ONLY) {
                throw failure;
            }
            LOG.info("Daily LLM budget used up: analysis of {} without narrative (on-budget-exhausted=facts-only)",
                    d.accessionNumber());
            return null;
        }
    }

    /**
     * Stores the analysis document and records it under the model that made it; returns the id every waiting
     * task of the tier completes with. An analysis left without narrative because the day's LLM budget was used up
     * (on-budget-exhausted facts-only) is not the tier's model's: it is recorded under {@link #NO_MODEL}, and an
     * existing facts-only analysis of the filing is reused rather than stored again.
     */
    public AnalysisId write(@ExchangeProperty("filingRecord") FilingRecord filing,
                            @ExchangeProperty("parsed") ParsedFiling parsed,
                            @ExchangeProperty("sections") Map<String, AnalysisDocument.Section> sections,
                            @ExchangeProperty("narration") LlmAnalyst.Result narration,
                            @ExchangeProperty("task") TaskMessage task) {
        String model = narration == null && budgetFactsOnly(task, filing, parsed) ? NO_MODEL : model(task);
        if (NO_MODEL.equals(model)) {
            Optional<AnalysisId> factsOnly = analyses.find(filing.id(), analysisVersion, NO_MODEL);
            if (factsOnly.isPresent()) {
                return factsOnly.get();
            }
        }
        AnalysisId id = AnalysisId.random();
        Instant now = clock.instant();
        FilingDescriptor d = filing.descriptor();
        AnalysisDocument document = new AnalysisDocument(id, AnalysisDocument.SCHEMA_VERSION, analysisVersion,
                new AnalysisDocument.Filing(d.cik(), d.ticker(),
                        d.companyName() != null ? d.companyName() : parsed.facts().registrantName(),
                        d.accessionNumber(), d.formType(), d.filingDate(), d.periodOfReport(), d.documentUrl(),
                        filing.sha256()),
                AnalysisDocumentCodec.facts(parsed.facts()),
                sections,
                narration == null ? null : narration.narrative(),
                narration == null ? null : new AnalysisDocument.Llm(narration.usage().provider(),
                        narration.usage().model(), narration.usage().inputTokens(), narration.usage().outputTokens(),
                        narration.usage().costUsd(), narration.usage().latencyMs()),
                now);
        // One key per global-pool key (filing, analysis version, model): a run that crashed between the
        // write and the row leaves one document that the next run overwrites, not a new one each time.
        StorageKey key = documentKey(d, analysisVersion, model);
        byte[] encoded = codec.encode(document);
        storage.put(key, encoded, "application/json");
        analyses.insert(id, filing.id(), analysisVersion, narration == null ? NO_MODEL : narration.usage().provider(),
                model, key, Sha256.hex(encoded), encoded.length, narration == null ? null : narration.usage(), now,
                task == null ? null : task.taskId());
        return id;
    }

    /**
     * Where the analysis of a filing by an analysis version and model is stored:
     * {@code analyses/{cik}/{accession}/v{analysisVersion}/{model}.json}. A model name with characters a
     * key cannot hold (e.g. {@code meta-llama/Llama-3:8b}) has them replaced and a hash of the exact name
     * appended, so two models never share a key.
     */
    public static StorageKey documentKey(FilingDescriptor filing, int analysisVersion, String model) {
        String safe = model.replaceAll("[^A-Za-z0-9._-]", "_");
        if (!safe.equals(model) || !Character.isLetterOrDigit(safe.charAt(0))) {
            safe = (Character.isLetterOrDigit(safe.charAt(0)) ? "" : "m") + safe + "-"
                    + Sha256.hex(model.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        }
        return new StorageKey(DOCUMENTS_PREFIX + filing.cik().padded() + "/" + filing.accessionNumber().value()
                + "/v" + analysisVersion + "/" + safe + ".json");
    }

    /**
     * Whether a narrative is missing only because the day's LLM budget was used up: the tier has an analyst and
     * the filing has sections the prompt is made of, the two things {@link #narrate} needs to call it.
     */
    private boolean budgetFactsOnly(TaskMessage task, FilingRecord filing, ParsedFiling parsed) {
        return analysts.forTier(tier(task)).isPresent()
                && prompts(model(task), form(filing)).covers(parsed.sections());
    }

    /**
     * The prompt builder for a model and form: the form's sections (aperilex.llm.sections), the section budget
     * counted by that model family's tokenizer.
     */
    private AnalysisPromptBuilder prompts(String model, FormType form) {
        return prompts.computeIfAbsent(model + "\u0000" + form.edgarName(), k -> new AnalysisPromptBuilder(form,
                llm.sections().of(form), llm.inputTokenBudget(), llm.maxOutputTokens(),
                TokenCounters.forModel(model, new TokenEstimate(llm.charsPerToken()))));
    }

    private static FormType form(FilingRecord filing) {
        return filing.descriptor().formType() == null ? FormType.DEFAULT : filing.descriptor().formType();
    }

    /**
     * The prompt's first line: "Apple Inc. 10-K for fiscal year 2024, filed 2024-11-01"; a 10-Q "for the quarter
     * ended 2024-06-29", an 8-K "reporting an event of 2024-03-15", a proxy statement or prospectus by its filing
     * date alone.
     */
    static String heading(String company, FilingDescriptor d, ParsedFiling parsed) {
        FormType form = d.formType() == null ? FormType.DEFAULT : d.formType();
        String period = switch (form) {
            case TEN_K, TEN_K_AMENDED, TWENTY_F -> parsed.facts().fiscalYear() != null
                    ? " for fiscal year " + parsed.facts().fiscalYear() : "";
            case TEN_Q -> d.periodOfReport() != null ? " for the quarter ended " + d.periodOfReport() : "";
            case EIGHT_K -> d.periodOfReport() != null ? " reporting an event of " + d.periodOfReport() : "";
            case DEF_14A, S_1 -> "";
        };
        return company + " " + form + period + (d.filingDate() != null ? ", filed " + d.filingDate() : "");
    }

    private ModelTier tier(TaskMessage task) {
        return task == null ? defaultTier : task.modelTier();
    }

    /**
     * The model the task's tier's analyses are made with, part of the global pool's key; {@link #NO_MODEL}
     * without an LLM.
     */
    public String model(TaskMessage task) {
        return analysts.model(tier(task));
    }
}
