--liquibase formatted sql

--changeset aperilex:001-filings
CREATE TABLE filings (
    id                uuid PRIMARY KEY,
    schema_version    integer      NOT NULL DEFAULT 1,
    cik               bigint       NOT NULL,
    ticker            varchar(10),
    company_name      varchar(300),
    accession_number  varchar(20)  NOT NULL,
    form_type         varchar(16)  NOT NULL,
    filing_date       date,
    period_of_report  date,
    primary_document  varchar(300),
    document_url      varchar(1000),
    storage_key       varchar(1024),
    sha256            char(64),
    size_bytes        bigint,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT filings_accession_unique UNIQUE (accession_number)
);
CREATE INDEX filings_cik_form_date ON filings (cik, form_type, filing_date DESC);
CREATE INDEX filings_ticker_form_date ON filings (ticker, form_type, filing_date DESC);
--rollback DROP TABLE filings;

--changeset aperilex:001-analyses
CREATE TABLE analyses (
    id                uuid PRIMARY KEY,
    schema_version    integer       NOT NULL DEFAULT 1,
    filing_id         uuid          NOT NULL REFERENCES filings (id),
    analysis_version  integer       NOT NULL,
    llm_provider      varchar(32)   NOT NULL,
    llm_model         varchar(200)  NOT NULL,
    storage_key       varchar(1024) NOT NULL,
    created_at        timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT analyses_filing_version_model_unique UNIQUE (filing_id, analysis_version, llm_model)
);
CREATE INDEX analyses_created_at ON analyses (created_at DESC);
--rollback DROP TABLE analyses;

--changeset aperilex:001-tasks
CREATE TABLE tasks (
    id                      uuid PRIMARY KEY,
    schema_version          integer      NOT NULL,
    email                   varchar(254) NOT NULL,
    ticker                  varchar(10),
    cik                     bigint,
    form_type               varchar(16)  NOT NULL,
    accession_number        varchar(20),
    request_schema_version  integer      NOT NULL,
    dedup_key               char(64)     NOT NULL,
    status                  varchar(16)  NOT NULL,
    analysis_status         varchar(24),
    filing_id               uuid REFERENCES filings (id),
    analysis_id             uuid REFERENCES analyses (id),
    error_code              varchar(64),
    error_message           varchar(2000),
    attempts                integer      NOT NULL DEFAULT 0,
    created_at              timestamptz  NOT NULL,
    updated_at              timestamptz  NOT NULL,
    CONSTRAINT tasks_company_one_of CHECK ((ticker IS NULL) <> (cik IS NULL)),
    CONSTRAINT tasks_status_known CHECK (status IN
        ('PENDING', 'QUEUED', 'PROCESSING', 'RETRYING', 'COMPLETED', 'FAILED', 'CANCELLED'))
);
CREATE INDEX tasks_dedup_key ON tasks (dedup_key);
CREATE INDEX tasks_status ON tasks (status);
--rollback DROP TABLE tasks;

--changeset aperilex:001-task-transitions
-- Every TaskStatus / AnalysisStatus change with its time: the task's history, and the SSE replay source.
CREATE TABLE task_transitions (
    id               bigserial   PRIMARY KEY,
    task_id          uuid        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    status           varchar(16) NOT NULL,
    analysis_status  varchar(24),
    detail           varchar(2000),
    at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_transitions_task ON task_transitions (task_id, id);
--rollback DROP TABLE task_transitions;

--changeset aperilex:001-task-dedup
-- One row per dedup key: which task the same request by the same person maps onto right now.
CREATE TABLE task_dedup (
    dedup_key   char(64)    PRIMARY KEY,
    task_id     uuid        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL
);
--rollback DROP TABLE task_dedup;

--changeset aperilex:001-idempotent-keys
-- The consumers' persistent idempotent repository: a message key once taken is not processed again.
CREATE TABLE idempotent_keys (
    processor_name  varchar(100) NOT NULL,
    message_key     varchar(200) NOT NULL,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (processor_name, message_key)
);
CREATE INDEX idempotent_keys_created_at ON idempotent_keys (created_at);
--rollback DROP TABLE idempotent_keys;
