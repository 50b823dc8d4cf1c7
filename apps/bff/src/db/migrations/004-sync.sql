-- The sync engine (issue 6): signed Exoserva events, the work queue that several BFF instances share, the
-- id map's extra columns, and the cross-instance QuickBooks rate limiter. Plain SQL that PGlite and
-- PostgreSQL both run.

-- Every accepted Exoserva event, once: the primary key is the deduplication.
CREATE TABLE exo_events (
  event_id text PRIMARY KEY,
  tenant_id text NOT NULL,
  type text NOT NULL,
  object_id text NOT NULL,
  object_version integer NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE INDEX exo_events_received ON exo_events (received_at);

-- The outbox / work queue: one row per record (events for the same record coalesce; `generation` moves on
-- every new event so a worker finishing an older version leaves the row pending). Claimed with
-- FOR UPDATE SKIP LOCKED plus a lease (lease_until) that another worker may take over once it expires.
-- kind: customer | invoice | payment | refund | payout (Exoserva → QuickBooks), or qbo_customer
-- (a QuickBooks-side customer change coming back in two-way mode; record_id is then the QuickBooks id).
CREATE TABLE sync_work (
  tenant_id text NOT NULL,
  kind text NOT NULL,
  record_id text NOT NULL,
  kind_rank smallint NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'done', 'failed', 'blocked')),
  min_version integer NOT NULL DEFAULT 0,
  generation integer NOT NULL DEFAULT 1,
  run_now boolean NOT NULL DEFAULT false,
  attempts integer NOT NULL DEFAULT 0,
  claims integer NOT NULL DEFAULT 0,
  maybe_sent boolean NOT NULL DEFAULT false,
  not_before timestamptz NOT NULL,
  lease_owner text,
  lease_until timestamptz,
  failure jsonb,
  blocked_by jsonb,
  failed_at timestamptz,
  done_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, kind, record_id)
);
CREATE INDEX sync_work_due ON sync_work (kind_rank, not_before) WHERE state = 'pending';
CREATE INDEX sync_work_tenant_state ON sync_work (tenant_id, state);

-- What was last sent for each link: the SyncToken QuickBooks answered, the hash and body of the payload
-- (sparse updates and echo suppression), the record version it was built from (mapping_version comes
-- from 003-mapping).
ALTER TABLE qbo_links ADD COLUMN payload_hash text;
ALTER TABLE qbo_links ADD COLUMN last_body jsonb;
ALTER TABLE qbo_links ADD COLUMN record_version integer;
ALTER TABLE qbo_links ADD COLUMN voided boolean NOT NULL DEFAULT false;
ALTER TABLE qbo_links ADD COLUMN qbo_updated_at text;
CREATE UNIQUE INDEX qbo_links_by_qbo_id ON qbo_links (tenant_id, realm_id, entity_type, qbo_id);

-- The QuickBooks calls admitted in the last minute per company (and those still in flight), shared by
-- every BFF instance: Intuit's limits are per realm, not per process.
CREATE TABLE qbo_rate_calls (
  realm_id text NOT NULL,
  call_id text NOT NULL,
  at_ms bigint NOT NULL,
  is_batch boolean NOT NULL,
  in_flight_until_ms bigint,
  PRIMARY KEY (realm_id, call_id)
);
CREATE INDEX qbo_rate_calls_window ON qbo_rate_calls (realm_id, at_ms);

-- Per tenant: when a record last landed, and the two-way CDC cursor.
CREATE TABLE sync_tenant_state (
  tenant_id text PRIMARY KEY,
  last_success_at timestamptz,
  cdc_since timestamptz
);
