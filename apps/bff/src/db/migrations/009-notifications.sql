-- Issue 7 (GUIDE step 7): failure notifications. Additive: instances still running older code neither read
-- nor write these tables (their failures simply raise no notification until they are replaced).

-- Per tenant: sent at once or in one daily digest at digest_hour in time_zone. No row = immediate.
-- digest_slot is the last digest time already dealt with, so exactly one digest goes out per day even with
-- several instances (the row is locked FOR UPDATE SKIP LOCKED while a digest is composed).
CREATE TABLE notification_settings (
  tenant_id text PRIMARY KEY,
  mode text NOT NULL CHECK (mode IN ('immediate', 'daily_digest')),
  digest_hour smallint NOT NULL CHECK (digest_hour BETWEEN 0 AND 23),
  time_zone text NOT NULL,
  extra_emails jsonb NOT NULL DEFAULT '[]'::jsonb,
  digest_slot timestamptz,
  updated_at timestamptz NOT NULL,
  updated_by text,
  updated_by_name text
);

-- One row per failure episode of a record (or of the connection: record_kind 'connection'), written in the
-- same transaction as the failure itself. The unique key is the deduplication: `episode` is the time the
-- record last landed in QuickBooks (sync_work.done_at, or its creation before it ever did), so failing again
-- after a Retry without landing in between adds nothing, and a new failure after a success does. For the
-- connection it is the time it was last connected. message_id is set once a notification carries it.
CREATE TABLE notification_alerts (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  record_kind text NOT NULL,
  record_id text NOT NULL,
  episode timestamptz NOT NULL,
  failure jsonb NOT NULL,
  label text,
  created_at timestamptz NOT NULL,
  message_id text,
  UNIQUE (tenant_id, record_kind, record_id, episode)
);
CREATE INDEX notification_alerts_unsent ON notification_alerts (tenant_id, created_at) WHERE message_id IS NULL;

-- The outbox of messages to deliver, claimed by any instance with FOR UPDATE SKIP LOCKED and a lease (like
-- sync_work). payload is the NotificationMessage (contracts): names and plain-words failures, never a token.
CREATE TABLE notification_messages (
  id text PRIMARY KEY,
  tenant_id text NOT NULL,
  type text NOT NULL CHECK (type IN ('sync_failed', 'reconnect_needed', 'daily_digest', 'test')),
  payload jsonb NOT NULL,
  record_count integer NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  not_before timestamptz NOT NULL,
  lease_owner text,
  lease_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX notification_messages_due ON notification_messages (not_before) WHERE state = 'pending';
CREATE INDEX notification_messages_tenant ON notification_messages (tenant_id, created_at DESC);
