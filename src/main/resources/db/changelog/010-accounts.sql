--liquibase formatted sql

--changeset aperilex:010-accounts
-- A user's tier, credit balance (US dollars; never negative) and the date their next monthly credits are due.
-- The balance is the sum of the user's usage_transactions amounts at every moment: both change in one
-- transaction (Ledger).
ALTER TABLE users ADD COLUMN tier varchar(16) NOT NULL DEFAULT 'DEMO';
ALTER TABLE users ADD CONSTRAINT users_tier_known CHECK (tier IN ('DEMO', 'BASIC', 'PROFESSIONAL', 'ENTERPRISE'));
ALTER TABLE users ADD COLUMN balance_usd numeric(14, 4) NOT NULL DEFAULT 0;
ALTER TABLE users ADD CONSTRAINT users_balance_not_negative CHECK (balance_usd >= 0);
ALTER TABLE users ADD COLUMN credits_reset_on date;
CREATE INDEX users_credits_reset_on ON users (credits_reset_on);
--rollback ALTER TABLE users DROP COLUMN credits_reset_on; ALTER TABLE users DROP COLUMN balance_usd; ALTER TABLE users DROP COLUMN tier;

--changeset aperilex:010-usage-transactions
-- The ledger: append-only. A reservation takes a task's possible fees off the balance at intake; when the task
-- ends it is released and the fees actually due are captured (FILING_ACCESS, ANALYSIS), in one transaction.
CREATE TABLE usage_transactions (
    id                 bigserial      PRIMARY KEY,
    user_id            uuid           NOT NULL REFERENCES users (id),
    type               varchar(16)    NOT NULL,
    filing_id          uuid           REFERENCES filings (id),
    task_id            uuid           REFERENCES tasks (id),
    amount_usd         numeric(14, 4) NOT NULL,
    balance_after_usd  numeric(14, 4) NOT NULL,
    created_at         timestamptz    NOT NULL DEFAULT now(),
    description        text           NOT NULL,
    actor_user_id      uuid           REFERENCES users (id),
    CONSTRAINT usage_transactions_type_known CHECK (type IN ('FILING_ACCESS', 'ANALYSIS', 'BULK_IMPORT',
        'CREDIT_GRANT', 'MONTHLY_CREDIT', 'REFUND', 'RESERVATION', 'RELEASE')),
    CONSTRAINT usage_transactions_balance_not_negative CHECK (balance_after_usd >= 0)
);
CREATE INDEX usage_transactions_user ON usage_transactions (user_id, id DESC);
CREATE INDEX usage_transactions_task ON usage_transactions (task_id) WHERE task_id IS NOT NULL;
--rollback DROP TABLE usage_transactions;

--changeset aperilex:010-usage-transactions-append-only splitStatements:false
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;
CREATE TRIGGER usage_transactions_append_only BEFORE UPDATE OR DELETE ON usage_transactions
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
--rollback DROP TRIGGER usage_transactions_append_only ON usage_transactions; DROP FUNCTION refuse_change();

--changeset aperilex:010-user-filing-access
-- Which filings a user has paid the access fee for (or got free): the fee is due once per user and filing.
CREATE TABLE user_filing_access (
    user_id           uuid         NOT NULL REFERENCES users (id),
    filing_id         uuid         NOT NULL REFERENCES filings (id),
    task_id           uuid         REFERENCES tasks (id),
    first_accessed_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, filing_id)
);
--rollback DROP TABLE user_filing_access;

--changeset aperilex:010-credit-reservations
-- A task's reserved fees, settled (captured or released) exactly once when the task ends.
CREATE TABLE credit_reservations (
    task_id           uuid           PRIMARY KEY REFERENCES tasks (id),
    user_id           uuid           NOT NULL REFERENCES users (id),
    access_fee_usd    numeric(14, 4) NOT NULL,
    analysis_fee_usd  numeric(14, 4) NOT NULL,
    status            varchar(10)    NOT NULL DEFAULT 'OPEN',
    created_at        timestamptz    NOT NULL DEFAULT now(),
    settled_at        timestamptz,
    CONSTRAINT credit_reservations_status_known CHECK (status IN ('OPEN', 'SETTLED', 'RELEASED'))
);
CREATE INDEX credit_reservations_open ON credit_reservations (user_id) WHERE status = 'OPEN';
--rollback DROP TABLE credit_reservations;

--changeset aperilex:010-analysis-maker
-- The task whose run made an analysis: only that task's owner pays its analysis fee.
ALTER TABLE analyses ADD COLUMN made_by_task_id uuid;
--rollback ALTER TABLE analyses DROP COLUMN made_by_task_id;

--changeset aperilex:010-rate-limit-windows
-- Requests counted per subject ('user:<uuid>' or 'ip:<address>') in fixed UTC windows (HOUR, DAY), shared by
-- every replica: a request is admitted by one conditional upsert per window.
CREATE TABLE rate_limit_windows (
    subject       varchar(80)  NOT NULL,
    window_kind   varchar(4)   NOT NULL,
    window_start  timestamptz  NOT NULL,
    used          integer      NOT NULL,
    PRIMARY KEY (subject, window_kind, window_start),
    CONSTRAINT rate_limit_windows_kind_known CHECK (window_kind IN ('HOUR', 'DAY'))
);
CREATE INDEX rate_limit_windows_start ON rate_limit_windows (window_start);
--rollback DROP TABLE rate_limit_windows;

--changeset aperilex:010-task-priority
-- The priority (0 highest .. 9) a task is queued at: its owner's tier's when it was admitted.
-- The data source the worker resolves the filing through: null is aperilex.pipeline.filing-source; 'pool' (DEMO)
-- serves only what the pool already holds, with no EDGAR call.
ALTER TABLE tasks ADD COLUMN priority smallint NOT NULL DEFAULT 4;
ALTER TABLE tasks ADD COLUMN filing_source varchar(32);
--rollback ALTER TABLE tasks DROP COLUMN filing_source; ALTER TABLE tasks DROP COLUMN priority;

--changeset aperilex:010-audit-log
-- Who did what to which resource: admin actions today (tier changes, credit grants); append-only.
CREATE TABLE audit_log (
    id             bigserial    PRIMARY KEY,
    actor_user_id  uuid         REFERENCES users (id),
    action         varchar(40)  NOT NULL,
    resource       varchar(200) NOT NULL,
    details        jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at     timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_created_at ON audit_log (created_at);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
--rollback DROP TABLE audit_log;
