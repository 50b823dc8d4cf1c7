import type { Queryable } from '../ports/database.ts';

export type ConnectionStatusValue = 'connected' | 'needs_reconnect' | 'disconnected';

/** Encrypted token fields as stored; plaintext never reaches this module. */
export interface EncryptedTokens {
  accessTokenEnc: string;
  refreshTokenEnc: string;
  keyId: string;
  accessExpiresAt: Date;
  refreshExpiresAt: Date | null;
  refreshHardExpiresAt: Date | null;
}

export interface ConnectionRow {
  tenantId: string;
  realmId: string | null;
  companyName: string | null;
  status: ConnectionStatusValue;
  reason: string | null;
  accessTokenEnc: string | null;
  refreshTokenEnc: string | null;
  keyId: string | null;
  accessExpiresAt: Date | null;
  refreshExpiresAt: Date | null;
  refreshHardExpiresAt: Date | null;
  refreshedAt: Date | null;
  connectedAt: Date | null;
  connectedBy: string | null;
  disconnectedAt: Date | null;
  revokeError: string | null;
  refreshLeaseOwner: string | null;
  refreshLeaseUntil: Date | null;
  version: number;
}

export interface PendingSwitchRow extends EncryptedTokens {
  tenantId: string;
  realmId: string;
  companyName: string;
  requestedBy: string;
  expiresAt: Date;
}

type Raw = Record<string, unknown>;
const date = (v: unknown): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** What toConnection reads, named rather than `*` so the read is prepared (adapters/postgres-database.ts). */
const CONNECTION_COLUMNS =
  'tenant_id, realm_id, company_name, status, reason, access_token_enc, refresh_token_enc, key_id, access_expires_at, refresh_expires_at, refresh_hard_expires_at, refreshed_at, connected_at, connected_by, disconnected_at, revoke_error, refresh_lease_owner, refresh_lease_until, version';

function toConnection(r: Raw): ConnectionRow {
  return {
    tenantId: String(r.tenant_id),
    realmId: str(r.realm_id),
    companyName: str(r.company_name),
    status: String(r.status) as ConnectionStatusValue,
    reason: str(r.reason),
    accessTokenEnc: str(r.access_token_enc),
    refreshTokenEnc: str(r.refresh_token_enc),
    keyId: str(r.key_id),
    accessExpiresAt: date(r.access_expires_at),
    refreshExpiresAt: date(r.refresh_expires_at),
    refreshHardExpiresAt: date(r.refresh_hard_expires_at),
    refreshedAt: date(r.refreshed_at),
    connectedAt: date(r.connected_at),
    connectedBy: str(r.connected_by),
    disconnectedAt: date(r.disconnected_at),
    revokeError: str(r.revoke_error),
    refreshLeaseOwner: str(r.refresh_lease_owner),
    refreshLeaseUntil: date(r.refresh_lease_until),
    version: Number(r.version),
  };
}

function toPending(r: Raw): PendingSwitchRow {
  return {
    tenantId: String(r.tenant_id),
    realmId: String(r.realm_id),
    companyName: String(r.company_name),
    accessTokenEnc: String(r.access_token_enc),
    refreshTokenEnc: String(r.refresh_token_enc),
    keyId: String(r.key_id),
    accessExpiresAt: date(r.access_expires_at) as Date,
    refreshExpiresAt: date(r.refresh_expires_at),
    refreshHardExpiresAt: date(r.refresh_hard_expires_at),
    requestedBy: String(r.requested_by),
    expiresAt: date(r.expires_at) as Date,
  };
}

/** SQL for the connections, pending_switches and qbo_links tables. Runs on PGlite and PostgreSQL alike. */
export const connectionStore = {
  async get(
    q: Queryable,
    tenantId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<ConnectionRow | null> {
    const { rows } = await q.query<Raw>(
      `SELECT ${CONNECTION_COLUMNS} FROM connections WHERE tenant_id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [tenantId],
    );
    return rows[0] ? toConnection(rows[0]) : null;
  },

  /** The tenant whose live (connected or needs_reconnect) connection holds this company, if any. */
  async liveOwnerOfRealm(q: Queryable, realmId: string): Promise<string | null> {
    const { rows } = await q.query<Raw>(
      "SELECT tenant_id FROM connections WHERE realm_id = $1 AND status <> 'disconnected'",
      [realmId],
    );
    return rows[0] ? String(rows[0].tenant_id) : null;
  },

  /** Stores a fresh connection (new, restored, or re-authorized) with its tokens; bumps the version. */
  async saveConnected(
    q: Queryable,
    input: {
      tenantId: string;
      realmId: string;
      companyName: string;
      connectedBy: string;
      now: Date;
    } & EncryptedTokens,
  ): Promise<ConnectionRow> {
    const { rows } = await q.query<Raw>(
      `INSERT INTO connections (tenant_id, realm_id, company_name, status, reason, access_token_enc, refresh_token_enc,
         key_id, access_expires_at, refresh_expires_at, refresh_hard_expires_at, refreshed_at, connected_at,
         connected_by, disconnected_at, revoke_error, refresh_lease_owner, refresh_lease_until, version, created_at, updated_at)
       VALUES ($1, $2, $3, 'connected', NULL, $4, $5, $6, $7, $8, $9, $10, $10, $11, NULL, NULL, NULL, NULL, 1, $10, $10)
       ON CONFLICT (tenant_id) DO UPDATE SET realm_id = EXCLUDED.realm_id, company_name = EXCLUDED.company_name,
         status = 'connected', reason = NULL, access_token_enc = EXCLUDED.access_token_enc,
         refresh_token_enc = EXCLUDED.refresh_token_enc, key_id = EXCLUDED.key_id,
         access_expires_at = EXCLUDED.access_expires_at, refresh_expires_at = EXCLUDED.refresh_expires_at,
         refresh_hard_expires_at = EXCLUDED.refresh_hard_expires_at, refreshed_at = EXCLUDED.refreshed_at,
         connected_at = EXCLUDED.connected_at, connected_by = EXCLUDED.connected_by, disconnected_at = NULL,
         revoke_error = NULL, refresh_lease_owner = NULL, refresh_lease_until = NULL,
         version = connections.version + 1, updated_at = EXCLUDED.updated_at
       RETURNING *`,
      [
        input.tenantId,
        input.realmId,
        input.companyName,
        input.accessTokenEnc,
        input.refreshTokenEnc,
        input.keyId,
        input.accessExpiresAt,
        input.refreshExpiresAt,
        input.refreshHardExpiresAt,
        input.now,
        input.connectedBy,
      ],
    );
    return toConnection(rows[0] as Raw);
  },

  /**
   * Compare-and-set: takes the refresh lease when nobody holds an unexpired one. Returns the row as it is
   * now (the caller re-checks it: another instance may have refreshed already), or null when busy.
   */
  async tryAcquireRefreshLease(
    q: Queryable,
    input: { tenantId: string; owner: string; now: Date; until: Date },
  ): Promise<ConnectionRow | null> {
    const { rows } = await q.query<Raw>(
      `UPDATE connections SET refresh_lease_owner = $2, refresh_lease_until = $4, version = version + 1
       WHERE tenant_id = $1 AND status = 'connected'
         AND (refresh_lease_until IS NULL OR refresh_lease_until < $3 OR refresh_lease_owner = $2)
       RETURNING *`,
      [input.tenantId, input.owner, input.now, input.until],
    );
    return rows[0] ? toConnection(rows[0]) : null;
  },

  async releaseRefreshLease(q: Queryable, tenantId: string, owner: string): Promise<void> {
    await q.query(
      `UPDATE connections SET refresh_lease_owner = NULL, refresh_lease_until = NULL
       WHERE tenant_id = $1 AND refresh_lease_owner = $2`,
      [tenantId, owner],
    );
  },

  /** Commits a refresh's rotated tokens and releases the lease in the same statement. */
  async saveRefreshed(
    q: Queryable,
    input: { tenantId: string; owner: string; now: Date } & EncryptedTokens,
  ): Promise<void> {
    await q.query(
      `UPDATE connections SET access_token_enc = $3, refresh_token_enc = $4, key_id = $5, access_expires_at = $6,
         refresh_expires_at = COALESCE($7, refresh_expires_at),
         refresh_hard_expires_at = COALESCE($8, refresh_hard_expires_at), refreshed_at = $9,
         refresh_lease_owner = CASE WHEN refresh_lease_owner = $2 THEN NULL ELSE refresh_lease_owner END,
         refresh_lease_until = CASE WHEN refresh_lease_owner = $2 THEN NULL ELSE refresh_lease_until END,
         version = version + 1, updated_at = $9
       WHERE tenant_id = $1 AND status = 'connected'`,
      [
        input.tenantId,
        input.owner,
        input.accessTokenEnc,
        input.refreshTokenEnc,
        input.keyId,
        input.accessExpiresAt,
        input.refreshExpiresAt,
        input.refreshHardExpiresAt,
        input.now,
      ],
    );
  },

  /** Returns true when this call moved the connection into needs_reconnect (false if it already was). */
  async markNeedsReconnect(
    q: Queryable,
    input: { tenantId: string; reason: string; now: Date },
  ): Promise<boolean> {
    const { rowCount } = await q.query(
      `UPDATE connections SET status = 'needs_reconnect', reason = $2, refresh_lease_owner = NULL,
         refresh_lease_until = NULL, version = version + 1, updated_at = $3
       WHERE tenant_id = $1 AND status = 'connected'`,
      [input.tenantId, input.reason, input.now],
    );
    return rowCount > 0;
  },

  /** Deletes the tokens, keeps realm and company (history and id links stay). */
  async markDisconnected(
    q: Queryable,
    input: { tenantId: string; now: Date; revokeError: string | null },
  ): Promise<void> {
    await q.query(
      `UPDATE connections SET status = 'disconnected', reason = NULL, access_token_enc = NULL, refresh_token_enc = NULL,
         key_id = NULL, access_expires_at = NULL, refresh_expires_at = NULL, refresh_hard_expires_at = NULL,
         refresh_lease_owner = NULL, refresh_lease_until = NULL, disconnected_at = $2, revoke_error = $3,
         version = version + 1, updated_at = $2
       WHERE tenant_id = $1`,
      [input.tenantId, input.now, input.revokeError],
    );
  },

  /** Connected companies whose refresh token was last refreshed before `before` (keeps them rolling). */
  async listStale(q: Queryable, before: Date): Promise<string[]> {
    const { rows } = await q.query<Raw>(
      `SELECT tenant_id FROM connections WHERE status = 'connected' AND (refreshed_at IS NULL OR refreshed_at < $1)
       ORDER BY tenant_id`,
      [before],
    );
    return rows.map((r) => String(r.tenant_id));
  },

  async getPending(q: Queryable, tenantId: string): Promise<PendingSwitchRow | null> {
    const { rows } = await q.query<Raw>('SELECT * FROM pending_switches WHERE tenant_id = $1', [tenantId]);
    return rows[0] ? toPending(rows[0]) : null;
  },

  /** Replaces any earlier pending switch; returns the one it replaced (its tokens need revoking). */
  async putPending(q: Queryable, input: PendingSwitchRow & { now: Date }): Promise<PendingSwitchRow | null> {
    const previous = await this.getPending(q, input.tenantId);
    await q.query('DELETE FROM pending_switches WHERE tenant_id = $1', [input.tenantId]);
    await q.query(
      `INSERT INTO pending_switches (tenant_id, realm_id, company_name, access_token_enc, refresh_token_enc, key_id,
         access_expires_at, refresh_expires_at, refresh_hard_expires_at, requested_by, expires_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        input.tenantId,
        input.realmId,
        input.companyName,
        input.accessTokenEnc,
        input.refreshTokenEnc,
        input.keyId,
        input.accessExpiresAt,
        input.refreshExpiresAt,
        input.refreshHardExpiresAt,
        input.requestedBy,
        input.expiresAt,
        input.now,
      ],
    );
    return previous;
  },

  async deletePending(q: Queryable, tenantId: string): Promise<PendingSwitchRow | null> {
    const { rows } = await q.query<Raw>('DELETE FROM pending_switches WHERE tenant_id = $1 RETURNING *', [
      tenantId,
    ]);
    return rows[0] ? toPending(rows[0]) : null;
  },

  async deleteExpiredPending(q: Queryable, now: Date): Promise<PendingSwitchRow[]> {
    const { rows } = await q.query<Raw>('DELETE FROM pending_switches WHERE expires_at < $1 RETURNING *', [
      now,
    ]);
    return rows.map(toPending);
  },

  async countLinks(q: Queryable, tenantId: string, realmId: string): Promise<number> {
    const { rows } = await q.query<Raw>(
      'SELECT count(*)::integer AS n FROM qbo_links WHERE tenant_id = $1 AND realm_id = $2',
      [tenantId, realmId],
    );
    return Number(rows[0]?.n ?? 0);
  },
};
