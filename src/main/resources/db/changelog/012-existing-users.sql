--liquibase formatted sql

--changeset aperilex:012-existing-users
-- Users made before accounts existed: the deployment's default tier (changelog parameter defaultTier, from
-- aperilex.accounts.default-tier) and a reset date of today, so the next grant-monthly-credits run gives them
-- their tier's monthly credits, as a new user gets them at creation. New users always have a reset date.
-- (Without the parameter the tier stays the column's default, DEMO, rather than failing the migration.)
UPDATE users
SET tier = CASE WHEN '${defaultTier}' IN ('DEMO', 'BASIC', 'PROFESSIONAL', 'ENTERPRISE') THEN '${defaultTier}' ELSE tier END,
    credits_reset_on = current_date
WHERE credits_reset_on IS NULL;
--rollback SELECT 1;
