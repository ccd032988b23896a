--liquibase formatted sql

--changeset aperilex:004-analysis-failures
-- The last failed attempt at a filing's analysis, per analysis version and model (the global pool's key),
-- so the tasks waiting on that filing share the failure instead of each repeating the attempt (and the paid
-- model call). Written under the filing's lock by the task whose run failed; removed when an analysis is made.
--   permanent:       every task of the filing asked before failed_at ends FAILED with error_code while
--                    failed_at is within the analysis validity window; a later request makes a fresh attempt
--   transient:       tasks wait RETRYING until next_attempt_at; the first one back makes the next attempt
--   attempts:        failed attempts at this filing in a row; at the retry policy's max-attempts the
--                    failure is permanent
CREATE TABLE analysis_failures (
    filing_id         uuid          NOT NULL REFERENCES filings (id),
    analysis_version  integer       NOT NULL,
    llm_model         varchar(200)  NOT NULL,
    schema_version    integer       NOT NULL DEFAULT 1,
    failed_task_id    uuid          NOT NULL,
    error_code        varchar(64)   NOT NULL,
    error_message     varchar(2000) NOT NULL,
    permanent         boolean       NOT NULL,
    attempts          integer       NOT NULL CHECK (attempts >= 1),
    failed_at         timestamptz   NOT NULL,
    next_attempt_at   timestamptz,
    CONSTRAINT analysis_failures_pk PRIMARY KEY (filing_id, analysis_version, llm_model),
    CONSTRAINT analysis_failures_next_attempt CHECK (permanent = (next_attempt_at IS NULL))
);
--rollback DROP TABLE analysis_failures;

--changeset aperilex:004-task-filing-waits
-- Runs of a task that only waited behind its filing's retry (they met no failure of their own): they do not
-- count against the task's own retry budget, which is attempts - filing_waits.
ALTER TABLE tasks ADD COLUMN filing_waits integer NOT NULL DEFAULT 0;
--rollback ALTER TABLE tasks DROP COLUMN filing_waits;
