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
-- Both indexes are built inside the migration's transaction: writes to sync_work by instances still running the
-- old version wait for the build (seconds for millions of rows), and none fails.
CREATE INDEX sync_work_pending_by_tenant ON sync_work (tenant_id, priority, kind_rank, not_before)
  WHERE state = 'pending';

-- "Last sync" on Sync Status is the newest `done_at` of the company's rows, read through this index, instead
-- of a per-company row every record's completion updated: the records of one QuickBooks batch completed in
-- parallel and queued on that one row's lock, one commit after another. Older instances still write
-- sync_tenant_state.last_success_at; nothing reads it any more.
CREATE INDEX sync_work_last_done ON sync_work (tenant_id, done_at) WHERE done_at IS NOT NULL;

-- One admission to Intuit's limits in one round trip (services/qbo-rate-limiter.ts): the same steps the BFF
-- ran as five statements in a transaction — take the realm's advisory lock, count its windows, refuse or record
-- the call, now and then prune — in a function, each statement seeing what committed before the lock was
-- granted (a volatile function takes a fresh snapshot per statement). Same lock key as before, so an older
-- instance admitting the old way during an upgrade still never takes the same last slot.
CREATE FUNCTION qbo_rate_admit(
  p_realm text, p_call text, p_batch boolean, p_now bigint, p_in_flight_ms bigint,
  p_per_second integer, p_per_minute integer, p_concurrent integer, p_batch_per_minute integer, p_prune boolean
) RETURNS TABLE (admitted boolean, limit_name text, retry_in_ms bigint) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  w record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('qbo-rate:' || p_realm));
  SELECT count(*) FILTER (WHERE c.at_ms > p_now - 1000) AS sec,
         count(*) FILTER (WHERE c.at_ms > p_now - 60000) AS min,
         count(*) FILTER (WHERE c.is_batch AND c.at_ms > p_now - 60000) AS batches,
         count(*) FILTER (WHERE c.in_flight_until_ms > p_now) AS inflight,
         min(c.at_ms) FILTER (WHERE c.at_ms > p_now - 1000) AS oldest_sec,
         min(c.at_ms) FILTER (WHERE c.at_ms > p_now - 60000) AS oldest_min,
         min(c.at_ms) FILTER (WHERE c.is_batch AND c.at_ms > p_now - 60000) AS oldest_batch
    INTO w
    FROM qbo_rate_calls c
   WHERE c.realm_id = p_realm AND (c.at_ms > p_now - 60000 OR c.in_flight_until_ms > p_now);
  IF w.min >= p_per_minute THEN
    RETURN QUERY SELECT false, 'perMinute'::text, GREATEST(1, COALESCE(w.oldest_min, 0) + 60000 - p_now + 1);
    RETURN;
  END IF;
  IF w.sec >= p_per_second THEN
    RETURN QUERY SELECT false, 'perSecond'::text, GREATEST(1, COALESCE(w.oldest_sec, 0) + 1000 - p_now + 1);
    RETURN;
  END IF;
  IF w.inflight >= p_concurrent THEN
    RETURN QUERY SELECT false, 'concurrent'::text, 10::bigint;
    RETURN;
  END IF;
  IF p_batch AND w.batches >= p_batch_per_minute THEN
    RETURN QUERY SELECT false, 'batchPerMinute'::text,
      GREATEST(1, COALESCE(w.oldest_batch, 0) + 60000 - p_now + 1);
    RETURN;
  END IF;
  INSERT INTO qbo_rate_calls (realm_id, call_id, at_ms, is_batch, in_flight_until_ms)
  VALUES (p_realm, p_call, p_now, p_batch, p_now + p_in_flight_ms);
  IF p_prune THEN
    DELETE FROM qbo_rate_calls
     WHERE realm_id = p_realm AND at_ms < p_now - 61000
       AND (in_flight_until_ms IS NULL OR in_flight_until_ms < p_now);
  END IF;
  RETURN QUERY SELECT true, NULL::text, NULL::bigint;
END
$$;
