-- Issue 4 (GUIDE step 9): work held because QuickBooks was deliberately disconnected. A held row stays
-- `pending` (its event is stored and its version kept) but no worker claims it until an admin releases it:
-- records created or changed while disconnected are never silently backfilled after a reconnect.
-- needs_reconnect does not hold anything (that queue only pauses). Additive, but an instance still running
-- older code would claim held rows once the tenant reconnects: finish the rollout before reconnecting.
ALTER TABLE sync_work ADD COLUMN held_since timestamptz;
CREATE INDEX sync_work_held ON sync_work (tenant_id, held_since) WHERE held_since IS NOT NULL;
