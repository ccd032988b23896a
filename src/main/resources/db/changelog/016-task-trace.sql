--liquibase formatted sql

--changeset aperilex:016-task-trace
-- The W3C traceparent of the span that made the task (the POST's intake, or an import's resolution): a run
-- published later by a sweep (a retry, a stranded task) continues that trace, so one trace id follows a task
-- through every attempt. Null for tasks made before, or outside any span.
ALTER TABLE tasks ADD COLUMN trace_parent varchar(55);
--rollback ALTER TABLE tasks DROP COLUMN trace_parent;
