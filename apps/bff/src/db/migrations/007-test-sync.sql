-- The test sync (GUIDE step 5, issue 7): one row per run. The run's steps, its records and the runner's own
-- notes (balances read before Sync Now, when Sync Now was pressed) live in `state`, written after every step,
-- so an instance that restarts mid-run — or another instance, once the lease runs out — carries on where it
-- stopped. Additive: older instances never read this table.
CREATE TABLE test_sync_runs (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  -- The company and mapping version the run checked: a pass unlocks auto-sync only while both still hold.
  realm_id text NOT NULL,
  mapping_version integer,
  status text NOT NULL CHECK (status IN ('running', 'passed', 'failed')),
  state jsonb NOT NULL,
  -- Its records are removed on both sides (the clean-up finished without a failure).
  cleaned boolean NOT NULL DEFAULT false,
  lease_owner text,
  lease_until timestamptz,
  started_by text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL
);
-- One running test per tenant: two admins pressing the button together get one run.
CREATE UNIQUE INDEX test_sync_runs_one_running ON test_sync_runs (tenant_id) WHERE status = 'running';
CREATE INDEX test_sync_runs_tenant ON test_sync_runs (tenant_id, started_at DESC);
CREATE INDEX test_sync_runs_runnable ON test_sync_runs (lease_until) WHERE status = 'running';
