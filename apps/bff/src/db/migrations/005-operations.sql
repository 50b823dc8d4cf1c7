-- Issue 10 (operations): when each queued record started waiting, for the sync latency metric. Additive:
-- instances still running 004 code neither read nor write the column; the trigger keeps it right for them
-- too. It is set from updated_at (the BFF's clock) whenever a row becomes pending, and kept while a newer
-- version coalesces into a row that is already pending (latency = how long the oldest unsynced change waited).
ALTER TABLE sync_work ADD COLUMN pending_since timestamptz;
UPDATE sync_work SET pending_since = updated_at WHERE state = 'pending';

CREATE FUNCTION sync_work_pending_since() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state = 'pending' AND (TG_OP = 'INSERT' OR OLD.state <> 'pending' OR OLD.pending_since IS NULL) THEN
    NEW.pending_since := NEW.updated_at;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER sync_work_pending_since BEFORE INSERT OR UPDATE ON sync_work
  FOR EACH ROW EXECUTE FUNCTION sync_work_pending_since();
