--liquibase formatted sql

--changeset aperilex:013-filing-exhibits
-- The exhibits of a filing read beside its primary document (an 8-K's EX-99.x press releases), stored like it:
-- one row per exhibit document with its storage key, SHA-256 and size. filings.exhibits_resolved_at says the
-- accession folder's listing was read (NULL: not yet), so a filing without exhibits is not asked about again.
CREATE TABLE filing_exhibits (
    filing_id     uuid          NOT NULL REFERENCES filings (id),
    name          varchar(300)  NOT NULL,
    exhibit_type  varchar(20)   NOT NULL,
    storage_key   varchar(1024) NOT NULL,
    sha256        char(64)      NOT NULL,
    size_bytes    bigint        NOT NULL,
    stored_at     timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (filing_id, name)
);
ALTER TABLE filings ADD COLUMN exhibits_resolved_at timestamptz;
--rollback ALTER TABLE filings DROP COLUMN exhibits_resolved_at; DROP TABLE filing_exhibits;
