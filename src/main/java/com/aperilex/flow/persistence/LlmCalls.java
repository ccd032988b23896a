package com.aperilex.flow.persistence;

import static com.aperilex.flow.persistence.TaskRows.truncate;
import static com.aperilex.flow.persistence.TaskRows.ts;

import com.aperilex.flow.domain.FilingId;
import com.aperilex.flow.llm.LlmCall;
import com.aperilex.flow.llm.LlmCallLog;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Every model call, one {@code llm_calls} row each: the account of what the narratives cost. */
@Repository
public class LlmCalls implements LlmCallLog {
    private final JdbcTemplate jdbc;

    public LlmCalls(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(LlmCall call) {
        jdbc.update("""
                INSERT INTO llm_calls (schema_version, task_id, filing_id, provider, model, tier, input_tokens,
                                       output_tokens, cost_usd, latency_ms, outcome, error_message, called_at,
                                       answer_storage_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, call.schemaVersion(), call.task() == null ? null : call.task().value(),
                call.filing() == null ? null : call.filing().value(), call.provider(), call.model(), call.tier(),
                call.inputTokens(), call.outputTokens(), call.costUsd(), call.latencyMs(), call.outcome().name(),
                truncate(call.error()), ts(call.calledAt()), call.answerStorageKey());
    }

    /**
     * Whether an OK call for this filing and model recorded its answer under this key (which names the analysis
     * version) while no analysis of the filing by that version and model exists: the narrative of a run that died
     * before its analysis row.
     */
    public boolean answerAwaitingAnalysis(FilingId filing, int analysisVersion, String model, String answerKey) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM llm_calls c
                               WHERE c.filing_id = ? AND c.model = ? AND c.outcome = 'OK'
                                 AND c.answer_storage_key = ?
                                 AND NOT EXISTS (SELECT 1 FROM analyses a WHERE a.filing_id = c.filing_id
                                                 AND a.analysis_version = ? AND a.llm_model = c.model))
                """, Boolean.class, filing.value(), model, answerKey, analysisVersion));
    }
}
