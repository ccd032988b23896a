package com.aperilex.flow.persistence;

import static com.aperilex.flow.persistence.TaskRows.truncate;
import static com.aperilex.flow.persistence.TaskRows.ts;

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
                                       output_tokens, cost_usd, latency_ms, outcome, error_message, called_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, call.schemaVersion(), call.task() == null ? null : call.task().value(),
                call.filing() == null ? null : call.filing().value(), call.provider(), call.model(), call.tier(),
                call.inputTokens(), call.outputTokens(), call.costUsd(), call.latencyMs(), call.outcome().name(),
                truncate(call.error()), ts(call.calledAt()));
    }
}
