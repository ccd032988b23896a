--liquibase formatted sql

--changeset aperilex:002-task-retries
-- A RETRYING task runs again at next_attempt_at; a PROCESSING task whose lease ran out lost its worker.
ALTER TABLE tasks ADD COLUMN next_attempt_at timestamptz;
ALTER TABLE tasks ADD COLUMN lease_until timestamptz;
CREATE INDEX tasks_retry_due ON tasks (next_attempt_at) WHERE status = 'RETRYING';
CREATE INDEX tasks_lease ON tasks (lease_until) WHERE status = 'PROCESSING';
--rollback DROP INDEX tasks_lease; DROP INDEX tasks_retry_due; ALTER TABLE tasks DROP COLUMN lease_until; ALTER TABLE tasks DROP COLUMN next_attempt_at;

--changeset aperilex:002-filing-source
ALTER TABLE filings ADD COLUMN source varchar(32) NOT NULL DEFAULT 'edgar';
ALTER TABLE filings ADD COLUMN stored_at timestamptz;
-- When a request for "the latest" filing of its form last resolved to this one: only such filings
-- answer "latest" from the pool, never an older filing someone asked for by accession number.
ALTER TABLE filings ADD COLUMN latest_resolved_at timestamptz;
--rollback ALTER TABLE filings DROP COLUMN latest_resolved_at; ALTER TABLE filings DROP COLUMN stored_at; ALTER TABLE filings DROP COLUMN source;

--changeset aperilex:002-analysis-usage
-- What each analysis cost: tokens, estimated US dollars, latency, calls (a repair makes two).
ALTER TABLE analyses ADD COLUMN input_tokens integer;
ALTER TABLE analyses ADD COLUMN output_tokens integer;
ALTER TABLE analyses ADD COLUMN cost_usd numeric(14, 6);
ALTER TABLE analyses ADD COLUMN latency_ms bigint;
ALTER TABLE analyses ADD COLUMN llm_calls integer NOT NULL DEFAULT 0;
--rollback ALTER TABLE analyses DROP COLUMN llm_calls; ALTER TABLE analyses DROP COLUMN latency_ms; ALTER TABLE analyses DROP COLUMN cost_usd; ALTER TABLE analyses DROP COLUMN output_tokens; ALTER TABLE analyses DROP COLUMN input_tokens;

--changeset aperilex:002-rate-budgets
-- One request budget shared by every worker process: each request reserves the next free slot, and a
-- block (SEC's 403) pauses every reservation until blocked_until. Times are the database's clock, so
-- pods with skewed clocks still share one timeline.
CREATE TABLE rate_budgets (
    name           varchar(64)  PRIMARY KEY,
    next_slot      timestamptz  NOT NULL,
    blocked_until  timestamptz  NOT NULL,
    block_reason   varchar(500)
);
--rollback DROP TABLE rate_budgets;

--changeset aperilex:002-sec-budget
INSERT INTO rate_budgets (name, next_slot, blocked_until) VALUES ('sec-edgar', now(), 'epoch');
--rollback DELETE FROM rate_budgets WHERE name = 'sec-edgar';
