--liquibase formatted sql

--changeset aperilex:006-llm-calls
-- Every call to the model, whatever came of it (OK, INVALID_ANSWER, PROVIDER_ERROR_TRANSIENT,
-- PROVIDER_ERROR_PERMANENT), with what it cost; written by LlmAnalyst through LlmCalls. A call the provider never
-- saw (the spend guard refused it, the circuit breaker was open) is not a row.
--   task_id, filing_id: the run that made the call; null outside a task
--   tier:               the model tier; null until tiers exist
--   cost_usd:           at the model's configured price; null for a model without a price
CREATE TABLE llm_calls (
    id              bigserial     PRIMARY KEY,
    schema_version  integer       NOT NULL DEFAULT 1,
    task_id         uuid,
    filing_id       uuid,
    provider        varchar(64)   NOT NULL,
    model           varchar(200)  NOT NULL,
    tier            varchar(32),
    input_tokens    integer       NOT NULL CHECK (input_tokens >= 0),
    output_tokens   integer       NOT NULL CHECK (output_tokens >= 0),
    cost_usd        numeric(14, 6),
    latency_ms      bigint        NOT NULL CHECK (latency_ms >= 0),
    outcome         varchar(32)   NOT NULL,
    error_message   varchar(2000),
    called_at       timestamptz   NOT NULL
);
CREATE INDEX llm_calls_task ON llm_calls (task_id);
CREATE INDEX llm_calls_filing ON llm_calls (filing_id);
CREATE INDEX llm_calls_called_at ON llm_calls (called_at);
--rollback DROP TABLE llm_calls;

--changeset aperilex:006-llm-daily-spend
-- The spend guard's one row per UTC day: reserved_usd is what the day's calls cost (settled) plus the maximum
-- cost of those in flight (reserved before each call, settled to its actual cost after it). A reservation is a
-- guarded UPDATE ... WHERE reserved_usd + amount <= budget, so all workers together never reserve past it.
CREATE TABLE llm_daily_spend (
    day           date            PRIMARY KEY,
    reserved_usd  numeric(14, 6)  NOT NULL DEFAULT 0 CHECK (reserved_usd >= 0),
    calls         integer         NOT NULL DEFAULT 0
);
--rollback DROP TABLE llm_daily_spend;
