-- Books on the paths real shops hit (issue 18). Additive: older instances neither read nor write these.

-- Which attempt a record's writes are on. It moves when QuickBooks definitively refused a write (a
-- needs-a-person failure with nothing ambiguous about it), so the person's Retry goes with a new requestid:
-- Intuit answers a repeated requestid with its first answer, which for a refused write is the old error.
ALTER TABLE sync_work ADD COLUMN request_attempt integer NOT NULL DEFAULT 0;

-- The QuickBooks PaymentMethod each Exoserva method maps to (Visa, Check, ACH…), found by name or created on
-- first use, per company. Ids in one company mean nothing in another.
CREATE TABLE qbo_payment_methods (
  tenant_id text NOT NULL,
  realm_id text NOT NULL,
  name text NOT NULL,
  qbo_id text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, realm_id, name)
);
