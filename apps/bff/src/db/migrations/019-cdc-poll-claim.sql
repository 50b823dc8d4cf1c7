-- Issue 24: every BFF instance polled QuickBooks' change feed for every two-way company, so N instances paid
-- N metered reads per poll. A poll now claims the company's next window first: whichever instance moves
-- cdc_next_at past now polls, the others skip until it comes round again. Additive and nullable: an older
-- instance ignores it (and keeps polling on its own, as before).
ALTER TABLE sync_tenant_state ADD COLUMN IF NOT EXISTS cdc_next_at timestamptz;
