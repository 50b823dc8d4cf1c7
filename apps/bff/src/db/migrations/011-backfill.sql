-- Backfill (issue 8) and the re-post of a mapping's date range (issue 5): a durable job per request, one row
-- per record it covers, feeding the shared sync queue at low priority. Additive: older instances neither read
-- nor write these tables, and claim queued rows in their old order (priority is only an ordering hint).

-- 0 = live sync (events, Sync Now, dependencies), 1 = backfill and re-post. The claim serves 0 first, so a
-- backfill never holds back what an admin just did in Exoserva.
ALTER TABLE sync_work ADD COLUMN priority smallint NOT NULL DEFAULT 0;
CREATE INDEX sync_work_due_by_priority ON sync_work (priority, kind_rank, not_before) WHERE state = 'pending';

CREATE TABLE backfill_jobs (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  source text NOT NULL CHECK (source IN ('backfill', 'repost')),
  -- repost: the mapping_reposts row it carries out, and that request's mapping version.
  repost_id text,
  mapping_version integer,
  from_date date NOT NULL,
  to_date date NOT NULL,
  kinds jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'paused', 'done', 'cancelled')),
  total integer NOT NULL DEFAULT 0,
  -- The instance feeding the job (FOR UPDATE SKIP LOCKED plus a lease, as sync_work): a dead instance's
  -- job is taken over once the lease runs out.
  lease_owner text,
  lease_until timestamptz,
  started_by text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL
);
-- One job at a time per tenant, so two admins (or a backfill and a re-post) never feed the same range twice.
CREATE UNIQUE INDEX backfill_jobs_one_active ON backfill_jobs (tenant_id) WHERE status IN ('running', 'paused');
CREATE INDEX backfill_jobs_runnable ON backfill_jobs (status, lease_until) WHERE status = 'running';
CREATE INDEX backfill_jobs_tenant ON backfill_jobs (tenant_id, started_at DESC);
CREATE UNIQUE INDEX backfill_jobs_repost ON backfill_jobs (repost_id) WHERE repost_id IS NOT NULL;

-- state: waiting (not fed yet) → fed (in sync_work, fed_generation is the row's generation then) → done |
-- failed. A failed item goes back to fed when its sync_work row is retried and lands.
CREATE TABLE backfill_items (
  job_id text NOT NULL,
  kind text NOT NULL,
  record_id text NOT NULL,
  kind_rank smallint NOT NULL,
  record_date date NOT NULL,
  amount_cents bigint NOT NULL DEFAULT 0,
  state text NOT NULL CHECK (state IN ('waiting', 'fed', 'done', 'failed')),
  fed_at timestamptz,
  done_at timestamptz,
  PRIMARY KEY (job_id, kind, record_id)
);
CREATE INDEX backfill_items_next ON backfill_items (job_id, state, kind_rank, record_date);
