--liquibase formatted sql

--changeset aperilex:014-audit-origin
-- Who made the request behind an audit row: the client address (as Tomcat's RemoteIpValve resolved it), the
-- User-Agent and the request id (X-Request-Id, the caller's or one the service made). Null where no request
-- was behind the row (a scheduled job) and after a user's erasure.
ALTER TABLE audit_log ADD COLUMN ip_address varchar(45);
ALTER TABLE audit_log ADD COLUMN user_agent varchar(512);
ALTER TABLE audit_log ADD COLUMN request_id varchar(100);
-- GET /api/v1/admin/audit?userId= pages the rows by one user and about them (resource user:<id>), newest first.
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, id);
CREATE INDEX audit_log_resource ON audit_log (resource, id);
--rollback DROP INDEX audit_log_resource; DROP INDEX audit_log_actor; ALTER TABLE audit_log DROP COLUMN request_id; ALTER TABLE audit_log DROP COLUMN user_agent; ALTER TABLE audit_log DROP COLUMN ip_address;

--changeset aperilex:014-audit-guard splitStatements:false
-- audit_log stays append-only with two narrow, declared exceptions, each allowed only inside a transaction
-- that names it (SET LOCAL), so no ordinary statement can change the record by accident:
--   DELETE of rows older than 30 days, when aperilex.purge = 'audit' (RetentionPurges: aperilex.retention.audit);
--   UPDATE that only clears ip_address and user_agent of the rows of the user named by aperilex.erasure
--   (PersonalDataErasure, a privacy request); every other column must stay as it was.
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('aperilex.purge', true) = 'audit' AND OLD.created_at < now() - interval '30 days' THEN
            RETURN OLD;
        END IF;
    ELSIF TG_OP = 'UPDATE' THEN
        IF current_setting('aperilex.erasure', true) = OLD.actor_user_id::text
           AND NEW.id = OLD.id AND NEW.actor_user_id = OLD.actor_user_id AND NEW.action = OLD.action
           AND NEW.resource = OLD.resource AND NEW.details = OLD.details AND NEW.created_at = OLD.created_at
           AND NEW.request_id IS NOT DISTINCT FROM OLD.request_id
           AND NEW.ip_address IS NULL AND NEW.user_agent IS NULL THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$;
DROP TRIGGER audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
-- TRUNCATE skips row triggers: refuse it with a statement trigger.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER usage_transactions_no_truncate BEFORE TRUNCATE ON usage_transactions
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--rollback DROP TRIGGER usage_transactions_no_truncate ON usage_transactions; DROP TRIGGER audit_log_no_truncate ON audit_log; DROP TRIGGER audit_log_append_only ON audit_log; CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_change(); DROP FUNCTION audit_log_guard();

--changeset aperilex:014-task-retention
-- Finished tasks are purged after aperilex.retention.tasks; the ledger (kept as financial records) outlives them,
-- so its task_id is a plain reference rather than a foreign key, a filing's first access forgets the task, and a
-- settled reservation goes with its task.
ALTER TABLE usage_transactions DROP CONSTRAINT usage_transactions_task_id_fkey;
ALTER TABLE user_filing_access DROP CONSTRAINT user_filing_access_task_id_fkey;
ALTER TABLE user_filing_access ADD CONSTRAINT user_filing_access_task_id_fkey
    FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE SET NULL;
ALTER TABLE credit_reservations DROP CONSTRAINT credit_reservations_task_id_fkey;
ALTER TABLE credit_reservations ADD CONSTRAINT credit_reservations_task_id_fkey
    FOREIGN KEY (task_id) REFERENCES tasks (id) ON DELETE CASCADE;
CREATE INDEX tasks_finished_updated ON tasks (updated_at) WHERE status IN ('COMPLETED', 'FAILED', 'CANCELLED');
--rollback DROP INDEX tasks_finished_updated;

--changeset aperilex:014-user-erasure
-- When a user's personal data was erased (email, and the client addresses and user agents of their audit rows);
-- their ledger rows and tasks stay, without the email.
ALTER TABLE users ADD COLUMN erased_at timestamptz;
--rollback ALTER TABLE users DROP COLUMN erased_at;
