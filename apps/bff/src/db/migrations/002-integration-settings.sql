-- The decisions an admin makes once (GUIDE steps 3–6). Shared by the mapping screens (which write them)
-- and the sync engine (which reads them).

-- Every saved mapping is a new version; synced records remember the version they used.
CREATE TABLE account_mappings (
  tenant_id text NOT NULL,
  version integer NOT NULL,
  mapping jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  PRIMARY KEY (tenant_id, version)
);

-- One row per tenant. auto_sync is off until the admin turns it on (after a passing test sync, or with
-- an explicit override).
CREATE TABLE integration_settings (
  tenant_id text PRIMARY KEY,
  customer_direction text NOT NULL DEFAULT 'one_way' CHECK (customer_direction IN ('one_way', 'two_way')),
  auto_sync boolean NOT NULL DEFAULT false,
  auto_sync_override boolean NOT NULL DEFAULT false,
  test_sync_passed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);
