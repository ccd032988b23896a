--liquibase formatted sql

--changeset aperilex:003-task-event-notify splitStatements:false
-- Every recorded transition is announced on the channel aperilex_task_events, so an API replica that
-- holds a client's event stream hears of it whichever process made it. NOTIFY is delivered at commit.
CREATE FUNCTION aperilex_notify_task_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('aperilex_task_events', NEW.task_id::text || ':' || NEW.id::text);
    RETURN NEW;
END;
$$;
CREATE TRIGGER task_transitions_notify AFTER INSERT ON task_transitions
    FOR EACH ROW EXECUTE FUNCTION aperilex_notify_task_event();
--rollback DROP TRIGGER task_transitions_notify ON task_transitions; DROP FUNCTION aperilex_notify_task_event();
