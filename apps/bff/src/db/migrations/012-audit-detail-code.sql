-- The audit log's detail in the admin's language: a code and its facts beside the English sentence (issue 9,
-- apps/bff/src/services/audit-details.ts). Additive and nullable: older instances keep writing rows without a code,
-- which the wizard shows in English, as before.
ALTER TABLE audit_log ADD COLUMN detail_code text;
ALTER TABLE audit_log ADD COLUMN detail_params jsonb;
