import type { ReconciledKind, SyncFailure, TrendPoint } from '@exoserva/contracts';
import type { LinkInfo, WorkState } from '@exoserva/sync-core';
import type { Queryable } from '../ports/database.ts';

type Raw = Record<string, unknown>;
const asIso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString();

export type LinkKind = ReconciledKind | 'customer';
const LINK_KINDS: LinkKind[] = ['customer', 'invoice', 'payment', 'refund', 'payout'];

/**
 * SQL for the monthly reconciliation: the trend (reconciliation_months, 010) and what it reads of the id map
 * (qbo_links) and the sync queue (sync_work). Its only writes outside its own table are the two fixes an admin
 * asks for: forget the body last sent (so a re-sync sends every field again) and link a hand-entered document.
 */
export const reconciliationStore = {
  async saveMonth(
    q: Queryable,
    row: {
      tenantId: string;
      month: string;
      realmId: string;
      discrepancyCents: number;
      discrepancyBasisPoints: number | null;
      matches: boolean;
      /** Nothing happened in the month (015). */
      empty: boolean;
      at: Date;
      by: string;
    },
  ): Promise<void> {
    await q.query(
      `INSERT INTO reconciliation_months
         (tenant_id, month, realm_id, discrepancy_cents, discrepancy_basis_points, matches, empty, run_at, run_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (tenant_id, month) DO UPDATE SET realm_id = EXCLUDED.realm_id,
         discrepancy_cents = EXCLUDED.discrepancy_cents,
         discrepancy_basis_points = EXCLUDED.discrepancy_basis_points,
         matches = EXCLUDED.matches, empty = EXCLUDED.empty, run_at = EXCLUDED.run_at, run_by = EXCLUDED.run_by`,
      [
        row.tenantId,
        row.month,
        row.realmId,
        row.discrepancyCents,
        row.discrepancyBasisPoints,
        row.matches,
        row.empty,
        row.at,
        row.by,
      ],
    );
  },

  /** The latest `limit` months of one company, oldest first (another company's months mean nothing here). */
  async trend(q: Queryable, tenantId: string, realmId: string | null, limit = 24): Promise<TrendPoint[]> {
    if (!realmId) return [];
    const { rows } = await q.query<Raw>(
      `SELECT * FROM (SELECT month, discrepancy_cents, discrepancy_basis_points, matches, empty, run_at
         FROM reconciliation_months WHERE tenant_id = $1 AND realm_id = $2 ORDER BY month DESC LIMIT $3) t
       ORDER BY month`,
      [tenantId, realmId, limit],
    );
    return rows.map((r) => ({
      month: String(r.month),
      discrepancyCents: Number(r.discrepancy_cents),
      discrepancyBasisPoints: r.discrepancy_basis_points === null ? null : Number(r.discrepancy_basis_points),
      matches: r.matches === true,
      empty: r.empty === true,
      runAt: asIso(r.run_at),
    }));
  },

  /** The id map of one company, per kind: Exoserva id → QuickBooks id and the version last sent. */
  async links(
    q: Queryable,
    tenantId: string,
    realmId: string,
  ): Promise<Record<LinkKind, Map<string, LinkInfo>>> {
    const out = Object.fromEntries(LINK_KINDS.map((k) => [k, new Map<string, LinkInfo>()])) as Record<
      LinkKind,
      Map<string, LinkInfo>
    >;
    const { rows } = await q.query<Raw>(
      `SELECT entity_type, exoserva_id, qbo_id, record_version FROM qbo_links
        WHERE tenant_id = $1 AND realm_id = $2 AND entity_type = ANY($3)`,
      [tenantId, realmId, LINK_KINDS],
    );
    for (const r of rows) {
      out[String(r.entity_type) as LinkKind].set(String(r.exoserva_id), {
        qboId: String(r.qbo_id),
        recordVersion: r.record_version === null ? null : Number(r.record_version),
      });
    }
    return out;
  },

  /** Queue rows that are not done (a done row with no link reads as "never queued" either way). */
  async openWork(q: Queryable, tenantId: string): Promise<Map<string, WorkState>> {
    const { rows } = await q.query<Raw>(
      `SELECT kind, record_id, state, held_since, failure FROM sync_work
        WHERE tenant_id = $1 AND state <> 'done' AND kind IN ('invoice', 'payment', 'refund', 'payout')`,
      [tenantId],
    );
    const out = new Map<string, WorkState>();
    for (const r of rows) {
      const failure = r.failure as SyncFailure | null;
      out.set(`${String(r.kind)}:${String(r.record_id)}`, {
        state: String(r.state) as WorkState['state'],
        held: r.held_since !== null && r.held_since !== undefined,
        failure: failure ? { code: failure.code, title: failure.title, fix: failure.fix } : null,
      });
    }
    return out;
  },

  async linkOf(
    q: Queryable,
    key: { tenantId: string; realmId: string; kind: ReconciledKind; exoId: string },
  ): Promise<string | null> {
    const { rows } = await q.query<Raw>(
      `SELECT qbo_id FROM qbo_links WHERE tenant_id = $1 AND realm_id = $2 AND entity_type = $3 AND exoserva_id = $4`,
      [key.tenantId, key.realmId, key.kind, key.exoId],
    );
    return rows[0] ? String(rows[0].qbo_id) : null;
  },

  /**
   * Re-sync: without a remembered body the sync engine's next pass sees a changed payload and sends every
   * field again (a sparse update with all of them), putting Exoserva's amounts back over an edit in QuickBooks.
   */
  async forgetSentBody(
    q: Queryable,
    key: { tenantId: string; realmId: string; kind: ReconciledKind; exoId: string; at: Date },
  ): Promise<boolean> {
    const { rowCount } = await q.query(
      `UPDATE qbo_links SET payload_hash = NULL, last_body = NULL, updated_at = $5
        WHERE tenant_id = $1 AND realm_id = $2 AND entity_type = $3 AND exoserva_id = $4`,
      [key.tenantId, key.realmId, key.kind, key.exoId, key.at],
    );
    return rowCount === 1;
  },

  /**
   * Links a hand-entered QuickBooks document to its Exoserva record. No body is remembered, so the next sync
   * updates the document to Exoserva's version instead of creating a twin. False when either side is taken.
   */
  async insertLink(
    q: Queryable,
    link: {
      tenantId: string;
      realmId: string;
      kind: ReconciledKind;
      exoId: string;
      qboId: string;
      syncToken: string;
      at: Date;
    },
  ): Promise<boolean> {
    const { rowCount } = await q.query(
      `INSERT INTO qbo_links (tenant_id, realm_id, entity_type, exoserva_id, qbo_id, sync_token, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT DO NOTHING`,
      [link.tenantId, link.realmId, link.kind, link.exoId, link.qboId, link.syncToken, link.at],
    );
    return rowCount === 1;
  },
};
