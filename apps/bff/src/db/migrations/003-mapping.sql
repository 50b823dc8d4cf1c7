-- The mapping step (GUIDE step 3) and the customer step (GUIDE step 4).

-- What each mapped QuickBooks account, item and tax code was called, and its type, when the version was
-- saved: a later rename, retype or deletion in QuickBooks is found by comparing with a fresh read.
ALTER TABLE account_mappings ADD COLUMN snapshot jsonb;
-- The QuickBooks company the mapping belongs to (ids mean nothing in another company).
ALTER TABLE account_mappings ADD COLUMN realm_id text;

-- The mapping version a synced record used (the sync engine fills it); the re-map warning counts the rows
-- of the current version. Customers matched before the first sync leave it NULL.
ALTER TABLE qbo_links ADD COLUMN mapping_version integer;
CREATE INDEX qbo_links_mapping_version ON qbo_links (tenant_id, realm_id, mapping_version);

-- True once an admin chose a direction (one_way is only the default until then).
ALTER TABLE integration_settings ADD COLUMN customer_direction_chosen boolean NOT NULL DEFAULT false;

-- An explicit request to re-post records dated in a range with a new mapping version. The sync engine
-- honours pending rows and marks them done; nothing re-posts without one.
CREATE TABLE mapping_reposts (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  mapping_version integer NOT NULL,
  from_date date NOT NULL,
  to_date date NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'cancelled')),
  requested_at timestamptz NOT NULL DEFAULT now(),
  requested_by text NOT NULL,
  finished_at timestamptz
);
CREATE INDEX mapping_reposts_pending ON mapping_reposts (tenant_id, status);

-- Audit entries of the mapping, direction and matching actions ('mapping_saved', 'direction_changed',
-- 'customers_matched') carry what changed: {"before": ..., "after": ...}.
ALTER TABLE audit_log ADD COLUMN changes jsonb;
