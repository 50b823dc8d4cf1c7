-- Issue 7 (GUIDE step 7): the Sync Status dashboard's per-record timeline and daily chart, and "Ignore" on a
-- failed record. Additive: instances still running older code neither read nor write the new table or
-- columns (the trigger below records their queueing too).

-- What happened to each record on its way to QuickBooks, oldest first by id: queued → sent (with the body
-- and requestid) → synced (QuickBooks id, SyncToken, intuit_tid) or retrying / failed (with the failure),
-- plus what admins did (ignored, unignored, linked). Never a token: payload is the mapped QuickBooks entity.
-- Bounded by the maintenance job (age and a cap per record, see src/stores/sync-log-store.ts).
CREATE TABLE sync_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id text NOT NULL,
  kind text NOT NULL,
  record_id text NOT NULL,
  at timestamptz NOT NULL,
  event text NOT NULL CHECK (event IN ('queued', 'sent', 'synced', 'retrying', 'failed', 'ignored', 'unignored', 'linked')),
  operation text CHECK (operation IN ('create', 'update', 'void', 'delete')),
  record_version integer,
  -- The customer's name, the invoice's number…: what the Failed list searches besides the id.
  label text,
  qbo_id text,
  sync_token text,
  request_id text,
  intuit_tid text,
  payload jsonb,
  failure jsonb,
  detail text,
  actor_user_id text,
  actor_name text
);
CREATE INDEX sync_log_record ON sync_log (tenant_id, kind, record_id, id);
-- The daily chart reads synced / failed entries of the last 30 days.
CREATE INDEX sync_log_outcomes ON sync_log (tenant_id, at) WHERE event IN ('synced', 'failed');
CREATE INDEX sync_log_at ON sync_log (at);

-- Every time a row becomes pending (a new record, a new version coalescing into it, a retry of a failed or
-- blocked record) is a "queued" entry, written in the statement's own transaction. A trigger rather than
-- code: rows are queued from the event receiver, Sync Now, Retry, held releases, backfill and the engine's
-- dependency planning, and each of those would otherwise need its own insert. QuickBooks-side customer
-- changes (qbo_customer) are not Exoserva records and are left out. updated_at is the BFF's clock.
CREATE FUNCTION sync_work_log_queued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind <> 'qbo_customer' AND NEW.state = 'pending' AND (
    TG_OP = 'INSERT' OR OLD.state <> 'pending' OR NEW.generation <> OLD.generation
  ) THEN
    INSERT INTO sync_log (tenant_id, kind, record_id, at, event, record_version, detail)
    VALUES (NEW.tenant_id, NEW.kind, NEW.record_id, NEW.updated_at, 'queued', NULLIF(NEW.min_version, 0),
      CASE
        WHEN TG_OP = 'INSERT' THEN 'new'
        -- A new version announced by Exoserva (an edit), coalesced into the row.
        WHEN NEW.generation <> OLD.generation THEN 'changed'
        -- The record it waited on landed (unblockDependents leaves run_now alone; Retry sets it).
        WHEN OLD.state = 'blocked' AND NOT NEW.run_now THEN 'unblocked'
        ELSE 'retry'
      END);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER sync_work_log_queued AFTER INSERT OR UPDATE ON sync_work
  FOR EACH ROW EXECUTE FUNCTION sync_work_log_queued();

-- Ignore: an admin decided a failed record will not be fixed (audited, with a reason). It leaves the Failed
-- count and Sync Now, stays listed under a filter, and can be un-ignored. It covers the failure it was given
-- for: the row counts as ignored while it is failed and ignored_at >= failed_at, so a later failure of the
-- same record (after an edit or a Retry) shows up again.
ALTER TABLE sync_work ADD COLUMN ignored_at timestamptz;
ALTER TABLE sync_work ADD COLUMN ignored_by text;
ALTER TABLE sync_work ADD COLUMN ignored_by_name text;
ALTER TABLE sync_work ADD COLUMN ignored_reason text;
