--liquibase formatted sql

--changeset aperilex:005-analysis-document-checksums
-- An analysis document is as safe as a filing: its SHA-256 and size are recorded when it is stored and its
-- checksum is verified whenever it is served. Rows written before this change have neither (not verified).
ALTER TABLE analyses ADD COLUMN sha256 char(64);
ALTER TABLE analyses ADD COLUMN size_bytes bigint;
-- The orphan sweep asks which stored documents a row still references.
CREATE INDEX analyses_storage_key ON analyses (storage_key);
--rollback DROP INDEX analyses_storage_key; ALTER TABLE analyses DROP COLUMN size_bytes; ALTER TABLE analyses DROP COLUMN sha256;
