import type { Queryable } from '../ports/database.ts';

export interface OAuthStateRow {
  state: string;
  tenantId: string;
  userId: string;
  userName: string | null;
  userRole: string;
  returnTo: string;
  mode: 'redirect' | 'popup';
  bindingNonceHash: string | null;
  expiresAt: Date;
  ticketUsedAt: Date | null;
  consumedAt: Date | null;
}

type Raw = Record<string, unknown>;
const date = (v: unknown): Date | null =>
  v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v));

function toRow(r: Raw): OAuthStateRow {
  return {
    state: String(r.state),
    tenantId: String(r.tenant_id),
    userId: String(r.user_id),
    userName: r.user_name === null || r.user_name === undefined ? null : String(r.user_name),
    userRole: String(r.user_role),
    returnTo: String(r.return_to),
    mode: String(r.mode) as 'redirect' | 'popup',
    bindingNonceHash: r.binding_nonce_hash === null ? null : String(r.binding_nonce_hash),
    expiresAt: date(r.expires_at) as Date,
    ticketUsedAt: date(r.ticket_used_at),
    consumedAt: date(r.consumed_at),
  };
}

/** SQL for oauth_states. Tickets and binding nonces are stored as SHA-256 hashes only. */
export const oauthStateStore = {
  async insert(
    q: Queryable,
    input: Omit<OAuthStateRow, 'bindingNonceHash' | 'ticketUsedAt' | 'consumedAt'> & {
      ticketHash: string;
      /** The browser that asked: the hash of the nonce its cookie holds (ADR 0013). */
      bindingNonceHash: string;
      now: Date;
    },
  ): Promise<void> {
    await q.query(
      `INSERT INTO oauth_states (state, ticket_hash, tenant_id, user_id, user_name, user_role, return_to, mode,
         expires_at, created_at, binding_nonce_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        input.state,
        input.ticketHash,
        input.tenantId,
        input.userId,
        input.userName,
        input.userRole,
        input.returnTo,
        input.mode,
        input.expiresAt,
        input.now,
        input.bindingNonceHash,
      ],
    );
  },

  /**
   * One-time: marks the ticket used — only from the browser the flow was started in (its cookie's nonce). Null
   * when unusable: unknown, used, expired, or presented by another browser.
   */
  async useTicket(
    q: Queryable,
    input: { ticketHash: string; nonceHash: string; now: Date },
  ): Promise<OAuthStateRow | null> {
    const { rows } = await q.query<Raw>(
      `UPDATE oauth_states SET ticket_used_at = $3
       WHERE ticket_hash = $1 AND binding_nonce_hash = $2
         AND ticket_used_at IS NULL AND consumed_at IS NULL AND expires_at > $3
       RETURNING *`,
      [input.ticketHash, input.nonceHash, input.now],
    );
    return rows[0] ? toRow(rows[0]) : null;
  },

  async findByTicket(q: Queryable, ticketHash: string): Promise<OAuthStateRow | null> {
    const { rows } = await q.query<Raw>('SELECT * FROM oauth_states WHERE ticket_hash = $1', [ticketHash]);
    return rows[0] ? toRow(rows[0]) : null;
  },

  async find(q: Queryable, state: string): Promise<OAuthStateRow | null> {
    const { rows } = await q.query<Raw>('SELECT * FROM oauth_states WHERE state = $1', [state]);
    return rows[0] ? toRow(rows[0]) : null;
  },

  /** Atomically claims the state: exactly one caller gets the row back, every replay gets null. */
  async consume(q: Queryable, input: { state: string; now: Date }): Promise<OAuthStateRow | null> {
    const { rows } = await q.query<Raw>(
      `UPDATE oauth_states SET consumed_at = $2
       WHERE state = $1 AND consumed_at IS NULL AND ticket_used_at IS NOT NULL AND expires_at > $2
       RETURNING *`,
      [input.state, input.now],
    );
    return rows[0] ? toRow(rows[0]) : null;
  },

  /** Rows stay a day after expiry so a late callback still gets a precise error, then go. */
  async deleteOlderThan(q: Queryable, before: Date): Promise<number> {
    const { rowCount } = await q.query('DELETE FROM oauth_states WHERE expires_at < $1', [before]);
    return rowCount;
  },
};
