--liquibase formatted sql

--changeset aperilex:007-llm-calls-answer-storage-key
-- An OK call's accepted narrative is stored before its row is written, and the row names where
-- (narratives/{cik}/{accession}/v{analysisVersion}/{model}.json, see NarrativeRecords): a worker that dies between
-- the narrative and the analysis row leaves both, and the next run for the same filing, analysis version and model
-- reuses that narrative instead of paying for another call. Null for every other call and for rows before this.
ALTER TABLE llm_calls ADD COLUMN answer_storage_key varchar(1024);
CREATE INDEX llm_calls_answer ON llm_calls (filing_id, model) WHERE answer_storage_key IS NOT NULL;
--rollback DROP INDEX llm_calls_answer; ALTER TABLE llm_calls DROP COLUMN answer_storage_key;
