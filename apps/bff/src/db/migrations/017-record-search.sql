-- Issue 21: "Follow one record" finds a record by what an admin sees — its number, its customer's name, its
-- amount — not only by its Exoserva id. The engine logs each record's amount and customer beside its label.
-- Additive and nullable: older instances leave them empty, and older entries are found by label and id.
ALTER TABLE sync_log ADD COLUMN IF NOT EXISTS amount_cents bigint;
ALTER TABLE sync_log ADD COLUMN IF NOT EXISTS customer_id text;
