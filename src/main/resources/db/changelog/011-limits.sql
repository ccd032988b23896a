--liquibase formatted sql

--changeset aperilex:011-task-filed-since
-- The earliest filing date the task's tier allowed when it was admitted (its history window; null: any date).
-- The worker fails a task whose resolved filing is older (OUTSIDE_TIER_ACCESS): "the latest" filing passes intake
-- and is dated only once resolved.
ALTER TABLE tasks ADD COLUMN filed_since date;
--rollback ALTER TABLE tasks DROP COLUMN filed_since;
