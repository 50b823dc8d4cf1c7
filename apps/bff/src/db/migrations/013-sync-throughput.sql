-- Claiming in turns (issue 10): the claim serves the companies with due work in turns — the one served longest
-- ago first — and takes a batch of each one's rows, instead of ranking every pending row of every company on
-- every claim (which cost the database 40 ms a claim with 7,000 rows queued). Additive: older instances keep
-- claiming in their old order and never read `served_at`.

-- When a claim last took this company's rows: the turn order. A table of its own, written by claims only: a
-- claim waits on no lock that a record's completion holds (sync_tenant_state is written there), so the two
-- can never deadlock, and claims lock these rows in company order among themselves.
CREATE TABLE sync_turns (
  tenant_id text PRIMARY KEY,
  served_at timestamptz NOT NULL
);

-- The companies with pending rows (walked one company at a time) and, per company, its rows in claim order.
CREATE INDEX sync_work_pending_by_tenant ON sync_work (tenant_id, priority, kind_rank, not_before)
  WHERE state = 'pending';

-- "Last sync" on Sync Status is the newest `done_at` of the company's rows, read through this index, instead
-- of a per-company row every record's completion updated: the records of one QuickBooks batch completed in
-- parallel and queued on that one row's lock, one commit after another. Older instances still write
-- sync_tenant_state.last_success_at; nothing reads it any more.
CREATE INDEX sync_work_last_done ON sync_work (tenant_id, done_at) WHERE done_at IS NOT NULL;
