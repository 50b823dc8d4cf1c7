-- One row per Exoserva tenant that ever connected QuickBooks. Tokens are AES-256-GCM ciphertexts
-- (see src/crypto/token-cipher.ts); realm_id and company_name survive a disconnect so that
-- reconnecting the same company restores the id links.
CREATE TABLE connections (
  tenant_id text PRIMARY KEY,
  realm_id text,
  company_name text,
  status text NOT NULL CHECK (status IN ('connected', 'needs_reconnect', 'disconnected')),
  reason text,
  access_token_enc text,
  refresh_token_enc text,
  key_id text,
  access_expires_at timestamptz,
  refresh_expires_at timestamptz,
  refresh_hard_expires_at timestamptz,
  refreshed_at timestamptz,
  connected_at timestamptz,
  connected_by text,
  disconnected_at timestamptz,
  revoke_error text,
  refresh_lease_owner text,
  refresh_lease_until timestamptz,
  version integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One QuickBooks company belongs to at most one live tenant connection.
CREATE UNIQUE INDEX connections_live_realm ON connections (realm_id) WHERE status <> 'disconnected';

CREATE TABLE oauth_states (
  state text PRIMARY KEY,
  ticket_hash text NOT NULL UNIQUE,
  binding_nonce_hash text,
  tenant_id text NOT NULL,
  user_id text NOT NULL,
  user_name text,
  user_role text NOT NULL,
  return_to text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('redirect', 'popup')),
  expires_at timestamptz NOT NULL,
  ticket_used_at timestamptz,
  consumed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oauth_states_expires ON oauth_states (expires_at);

-- An authorized-but-unconfirmed switch to another company; its tokens wait here, encrypted.
CREATE TABLE pending_switches (
  tenant_id text PRIMARY KEY REFERENCES connections (tenant_id) ON DELETE CASCADE,
  realm_id text NOT NULL,
  company_name text NOT NULL,
  access_token_enc text NOT NULL,
  refresh_token_enc text NOT NULL,
  key_id text NOT NULL,
  access_expires_at timestamptz NOT NULL,
  refresh_expires_at timestamptz,
  refresh_hard_expires_at timestamptz,
  requested_by text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_log (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  tenant_id text NOT NULL,
  at timestamptz NOT NULL,
  action text NOT NULL,
  actor_user_id text,
  actor_name text,
  actor_role text,
  realm_id text,
  company_name text,
  detail text
);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC, seq DESC);

-- Exoserva id <-> QuickBooks id, per company. Filled by the sync engine; kept across disconnects and
-- switches (a link belongs to the company it was made in).
CREATE TABLE qbo_links (
  tenant_id text NOT NULL,
  realm_id text NOT NULL,
  entity_type text NOT NULL,
  exoserva_id text NOT NULL,
  qbo_id text NOT NULL,
  sync_token text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, realm_id, entity_type, exoserva_id)
);
