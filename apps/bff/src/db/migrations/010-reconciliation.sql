-- Issue 8 (GUIDE step 8): the monthly reconciliation. One row per tenant and month holding what the latest
-- run of that month found, so the admin sees the discrepancy fall from the setup month toward zero. Only
-- the figures the trend needs are kept (the report itself is recomputed from both books on every run: a
-- stored report would be the product's memory, which proves nothing). Additive: older instances ignore it.
CREATE TABLE reconciliation_months (
  tenant_id text NOT NULL,
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  realm_id text NOT NULL,
  discrepancy_cents bigint NOT NULL CHECK (discrepancy_cents >= 0),
  discrepancy_basis_points integer,
  matches boolean NOT NULL,
  run_at timestamptz NOT NULL,
  run_by text NOT NULL,
  PRIMARY KEY (tenant_id, month)
);
