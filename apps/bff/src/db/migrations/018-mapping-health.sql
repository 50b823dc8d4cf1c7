-- Issue 21: the Sync Status page said "Up to date" while the mapping page said a mapped account was gone. The
-- mapping page's last verdict on the saved mapping is kept here (one row per tenant, owned by the mapping store)
-- so the dashboard can say it without reading QuickBooks on every poll. Additive.
CREATE TABLE IF NOT EXISTS mapping_health (
  tenant_id text PRIMARY KEY,
  realm_id text NOT NULL,
  mapping_version integer NOT NULL,
  status text NOT NULL CHECK (status IN ('mapped', 'account_not_found')),
  problems jsonb NOT NULL,
  checked_at timestamptz NOT NULL
);
