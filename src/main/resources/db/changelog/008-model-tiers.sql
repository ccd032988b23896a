--liquibase formatted sql

--changeset aperilex:008-task-model-tier
-- The model tier a task's analysis is made in ('small', 'medium', 'large'; see aperilex.llm.tiers). Every task
-- admitted before tiers existed is of the default tier, aperilex.llm.default-tier's default 'small'.
ALTER TABLE tasks ADD COLUMN model_tier varchar(16) NOT NULL DEFAULT 'small'
    CHECK (model_tier IN ('small', 'medium', 'large'));
--rollback ALTER TABLE tasks DROP COLUMN model_tier;
