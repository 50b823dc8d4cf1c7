-- Issue 22: a correctly signed event the BFF cannot take (it fails the schema, or the store refuses it) is kept
-- here for the operator (GET /operator/event-dead-letters, the bff_event_dead_letters gauge) and answered once —
-- never a 5xx the platform would resend forever. Additive: older instances never read or write it.
CREATE TABLE IF NOT EXISTS event_dead_letters (
  id bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL,
  source text NOT NULL,
  reason text NOT NULL,
  event_id text,
  tenant_id text,
  detail jsonb NOT NULL,
  body text NOT NULL
);
CREATE INDEX IF NOT EXISTS event_dead_letters_received ON event_dead_letters (received_at DESC);
