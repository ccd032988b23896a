--liquibase formatted sql

--changeset aperilex:015-imports
-- A bulk import (POST /api/v1/imports) and the demo prefill: the request as read (request, its own schema
-- version inside), the fee per new filing at the owner's tier when it was made, and the counts the resolution
-- job keeps as it goes (filings: tasks made; skipped: already in the pool; over_limit: past the tier's
-- max-import-filings; edgar_requests: SEC requests its resolution made). user_id null: the system's (the demo
-- prefill, paid by the business). A RESOLVING import still has companies to resolve; RUNNING has them all
-- resolved and tasks open; COMPLETED has none open; CANCELLED was cancelled by its owner.
CREATE TABLE imports (
    id                  uuid           PRIMARY KEY,
    schema_version      integer        NOT NULL,
    user_id             uuid           REFERENCES users (id),
    kind                varchar(16)    NOT NULL,
    dedup_key           char(64)       NOT NULL,
    request             jsonb          NOT NULL,
    model_tier          varchar(16)    NOT NULL,
    priority            integer        NOT NULL,
    fee_per_filing_usd  numeric(14, 4) NOT NULL,
    max_filings         integer,
    status              varchar(16)    NOT NULL,
    companies           integer        NOT NULL,
    filings             integer        NOT NULL DEFAULT 0,
    skipped             integer        NOT NULL DEFAULT 0,
    over_limit          integer        NOT NULL DEFAULT 0,
    edgar_requests      integer        NOT NULL DEFAULT 0,
    created_at          timestamptz    NOT NULL,
    updated_at          timestamptz    NOT NULL,
    finished_at         timestamptz,
    CONSTRAINT imports_kind_known CHECK (kind IN ('USER', 'DEMO_PREFILL')),
    CONSTRAINT imports_status_known CHECK (status IN ('RESOLVING', 'RUNNING', 'COMPLETED', 'CANCELLED'))
);
CREATE INDEX imports_dedup_key ON imports (dedup_key, created_at DESC);
CREATE INDEX imports_open ON imports (created_at) WHERE status IN ('RESOLVING', 'RUNNING');
CREATE INDEX imports_user ON imports (user_id, created_at);
--rollback DROP TABLE imports;

--changeset aperilex:015-import-companies
-- The companies of an import, in the request's order: PENDING until a replica's resolution job leases one
-- (leased_until: another replica takes it over after a crash), RESOLVED with its counts, FAILED with a typed
-- code (UNKNOWN_TICKER, UNKNOWN_COMPANY, EDGAR_UNAVAILABLE, INSUFFICIENT_CREDITS), CANCELLED with its import.
CREATE TABLE import_companies (
    import_id      uuid          NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    position       integer       NOT NULL,
    ticker         varchar(10),
    cik            bigint,
    status         varchar(16)   NOT NULL DEFAULT 'PENDING',
    leased_until   timestamptz,
    attempts       integer       NOT NULL DEFAULT 0,
    filings        integer,
    skipped        integer,
    over_limit     integer,
    error_code     varchar(64),
    error_message  varchar(2000),
    updated_at     timestamptz   NOT NULL,
    PRIMARY KEY (import_id, position),
    CONSTRAINT import_companies_named CHECK (ticker IS NOT NULL OR cik IS NOT NULL),
    CONSTRAINT import_companies_status_known CHECK (status IN ('PENDING', 'RESOLVED', 'FAILED', 'CANCELLED'))
);
CREATE INDEX import_companies_pending ON import_companies (import_id, position) WHERE status = 'PENDING';
--rollback DROP TABLE import_companies;

--changeset aperilex:015-import-tasks
-- A task made by an import, and the bulk fee its reservation holds (captured as BULK_IMPORT when the task's run
-- made a new analysis, released otherwise). One task per import and accession (import_tasks_once), so a company
-- resolved twice after a crash makes no second task.
ALTER TABLE tasks ADD COLUMN import_id uuid REFERENCES imports (id);
CREATE UNIQUE INDEX import_tasks_once ON tasks (import_id, accession_number) WHERE import_id IS NOT NULL;
CREATE INDEX tasks_import_status ON tasks (import_id, status) WHERE import_id IS NOT NULL;
ALTER TABLE credit_reservations ADD COLUMN bulk_fee_usd numeric(14, 4) NOT NULL DEFAULT 0;
--rollback ALTER TABLE credit_reservations DROP COLUMN bulk_fee_usd; DROP INDEX tasks_import_status; DROP INDEX import_tasks_once; ALTER TABLE tasks DROP COLUMN import_id;
