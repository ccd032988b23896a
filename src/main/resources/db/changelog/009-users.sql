--liquibase formatted sql

--changeset aperilex:009-users
-- The callers: one row per identity-provider subject (mode none: 'email:<address>'), made on first sight
-- (Users). The email is the latest the provider vouched for; the subject is the identity.
CREATE TABLE users (
    id          uuid         PRIMARY KEY,
    subject     text         NOT NULL,
    email       varchar(254),
    created_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT users_subject_unique UNIQUE (subject)
);
--rollback DROP TABLE users;

--changeset aperilex:009-task-owner
-- A task belongs to the user who asked for it; rows from before users existed have none (only admins read them).
-- The email is the requester's when known: tokens need not carry one.
ALTER TABLE tasks ADD COLUMN user_id uuid REFERENCES users (id);
ALTER TABLE tasks ALTER COLUMN email DROP NOT NULL;
-- Ownership reads and per-user counts of open tasks.
CREATE INDEX tasks_user ON tasks (user_id, created_at);
--rollback DROP INDEX tasks_user; ALTER TABLE tasks DROP COLUMN user_id;
