import { randomUUID } from 'node:crypto';
import type { AccountMapping, AuditEntry } from '@exoserva/contracts';
import type { Queryable } from '../ports/database.ts';

/** Names and types of what a version pointed at when it was saved (to spot renames and deletions later). */
export interface MappingSnapshot {
  accounts: Record<string, { name: string; type: string }>;
  items: Record<string, { name: string }>;
  taxCodes: Record<string, { name: string }>;
}

export interface MappingRow {
  tenantId: string;
  version: number;
  realmId: string | null;
  mapping: AccountMapping;
  snapshot: MappingSnapshot | null;
  createdAt: Date;
  createdBy: string;
}

type Raw = Record<string, unknown>;

const asDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
// jsonb comes back parsed from both engines; a text fallback keeps odd drivers working.
const asJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

function toRow(r: Raw): MappingRow {
  return {
    tenantId: String(r.tenant_id),
    version: Number(r.version),
    realmId: r.realm_id === null ? null : String(r.realm_id),
    mapping: asJson<AccountMapping>(r.mapping),
    snapshot: r.snapshot === null ? null : asJson<MappingSnapshot>(r.snapshot),
    createdAt: asDate(r.created_at),
    createdBy: String(r.created_by),
  };
}

/** SQL for account_mappings (versioned), mapping_reposts and the mapping_version of qbo_links. */
/** The mapping page's last verdict on the saved mapping (018): what the Sync Status page repeats. */
export interface MappingHealth {
  realmId: string;
  mappingVersion: number;
  status: 'mapped' | 'account_not_found';
  /** What needs attention, in the mapping page's terms: a concept, an item kind or a tax rate, and why. */
  problems: { what: string; code: string }[];
  checkedAt: Date;
}

export const mappingStore = {
  async saveHealth(q: Queryable, tenantId: string, health: MappingHealth): Promise<void> {
    await q.query(
      `INSERT INTO mapping_health (tenant_id, realm_id, mapping_version, status, problems, checked_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (tenant_id) DO UPDATE SET realm_id = EXCLUDED.realm_id,
         mapping_version = EXCLUDED.mapping_version, status = EXCLUDED.status, problems = EXCLUDED.problems,
         checked_at = EXCLUDED.checked_at`,
      [
        tenantId,
        health.realmId,
        health.mappingVersion,
        health.status,
        JSON.stringify(health.problems),
        health.checkedAt,
      ],
    );
  },

  /** The last verdict, if it is about this company and the mapping version in force now. */
  async health(q: Queryable, tenantId: string, realmId: string): Promise<MappingHealth | null> {
    const { rows } = await q.query<Record<string, unknown>>(
      `SELECT h.* FROM mapping_health h
        WHERE h.tenant_id = $1 AND h.realm_id = $2
          AND h.mapping_version = (SELECT max(version) FROM account_mappings m WHERE m.tenant_id = $1)`,
      [tenantId, realmId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      realmId: String(r.realm_id),
      mappingVersion: Number(r.mapping_version),
      status: String(r.status) as MappingHealth['status'],
      problems: (typeof r.problems === 'string'
        ? JSON.parse(r.problems)
        : r.problems) as MappingHealth['problems'],
      checkedAt: r.checked_at instanceof Date ? r.checked_at : new Date(String(r.checked_at)),
    };
  },

  async latest(q: Queryable, tenantId: string): Promise<MappingRow | null> {
    const { rows } = await q.query<Raw>(
      'SELECT * FROM account_mappings WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1',
      [tenantId],
    );
    return rows[0] ? toRow(rows[0]) : null;
  },

  /**
   * Every version saved for one QuickBooks company, oldest first. A month's records live on the accounts of the
   * version each was synced with — the one in force then, or a later one when a backfill sent them afterwards —
   * so the reconciliation reads every account any version mapped for a concept.
   */
  async versionsFor(q: Queryable, tenantId: string, realmId: string): Promise<MappingRow[]> {
    const { rows } = await q.query<Raw>(
      `SELECT * FROM account_mappings WHERE tenant_id = $1 AND (realm_id = $2 OR realm_id IS NULL) ORDER BY version`,
      [tenantId, realmId],
    );
    return rows.map(toRow);
  },

  /** Serializes saves of one tenant inside the caller's transaction (PGlite and PostgreSQL both have it). */
  async lockTenant(q: Queryable, tenantId: string): Promise<void> {
    await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`account_mappings:${tenantId}`]);
  },

  async insert(
    q: Queryable,
    input: {
      tenantId: string;
      version: number;
      realmId: string;
      mapping: AccountMapping;
      snapshot: MappingSnapshot;
      createdBy: string;
      at: Date;
    },
  ): Promise<void> {
    await q.query(
      `INSERT INTO account_mappings (tenant_id, version, mapping, snapshot, realm_id, created_at, created_by)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7)`,
      [
        input.tenantId,
        input.version,
        JSON.stringify(input.mapping),
        JSON.stringify(input.snapshot),
        input.realmId,
        input.at,
        input.createdBy,
      ],
    );
  },

  async updateSnapshot(
    q: Queryable,
    tenantId: string,
    version: number,
    snapshot: MappingSnapshot,
  ): Promise<void> {
    await q.query('UPDATE account_mappings SET snapshot = $3::jsonb WHERE tenant_id = $1 AND version = $2', [
      tenantId,
      version,
      JSON.stringify(snapshot),
    ]);
  },

  /** qbo_links rows written under `version` in the tenant's current company, by entity type. */
  async countSynced(
    q: Queryable,
    tenantId: string,
    realmId: string,
    version: number,
  ): Promise<{ total: number; byEntity: Record<string, number> }> {
    const { rows } = await q.query<{ entity_type: string; n: unknown }>(
      // The test sync's records (007: state.run.records.<kind>.exoId) are not the shop's: the re-map warning
      // counts what a re-map would leave on the old accounts, and a test's records are deleted after it.
      `SELECT l.entity_type, count(*) AS n FROM qbo_links l
       WHERE l.tenant_id = $1 AND l.realm_id = $2 AND l.mapping_version = $3
         AND NOT EXISTS (SELECT 1 FROM test_sync_runs r WHERE r.tenant_id = l.tenant_id
                           AND r.state->'run'->'records'->l.entity_type->>'exoId' = l.exoserva_id)
       GROUP BY l.entity_type`,
      [tenantId, realmId, version],
    );
    const byEntity: Record<string, number> = {};
    let total = 0;
    for (const r of rows) {
      byEntity[r.entity_type] = Number(r.n);
      total += Number(r.n);
    }
    return { total, byEntity };
  },

  async insertRepost(
    q: Queryable,
    input: { tenantId: string; version: number; from: string; to: string; requestedBy: string; at: Date },
  ): Promise<void> {
    await q.query(
      `INSERT INTO mapping_reposts (id, tenant_id, mapping_version, from_date, to_date, requested_at, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [randomUUID(), input.tenantId, input.version, input.from, input.to, input.at, input.requestedBy],
    );
  },

  async pendingReposts(
    q: Queryable,
    tenantId: string,
  ): Promise<Array<{ id: string; version: number; from: string; to: string }>> {
    const { rows } = await q.query<Raw>(
      `SELECT id, mapping_version, to_char(from_date, 'YYYY-MM-DD') AS f, to_char(to_date, 'YYYY-MM-DD') AS t
       FROM mapping_reposts WHERE tenant_id = $1 AND status = 'pending' ORDER BY requested_at`,
      [tenantId],
    );
    return rows.map((r) => ({
      id: String(r.id),
      version: Number(r.mapping_version),
      from: String(r.f),
      to: String(r.t),
    }));
  },
};

/** Customer links in qbo_links (entity_type 'customer'): what the matching step writes. */
export const customerLinkStore = {
  async list(q: Queryable, tenantId: string, realmId: string): Promise<Map<string, string>> {
    const { rows } = await q.query<{ exoserva_id: string; qbo_id: string }>(
      `SELECT exoserva_id, qbo_id FROM qbo_links WHERE tenant_id = $1 AND realm_id = $2 AND entity_type = 'customer'`,
      [tenantId, realmId],
    );
    return new Map(rows.map((r) => [r.exoserva_id, r.qbo_id]));
  },

  /** Links an Exoserva customer to an existing QuickBooks customer; an existing link is replaced. */
  async upsert(
    q: Queryable,
    input: { tenantId: string; realmId: string; exoservaId: string; qboId: string; at: Date },
  ) {
    await q.query(
      `INSERT INTO qbo_links (tenant_id, realm_id, entity_type, exoserva_id, qbo_id, created_at, updated_at)
       VALUES ($1, $2, 'customer', $3, $4, $5, $5)
       ON CONFLICT (tenant_id, realm_id, entity_type, exoserva_id)
       DO UPDATE SET qbo_id = EXCLUDED.qbo_id, sync_token = NULL, updated_at = EXCLUDED.updated_at`,
      [input.tenantId, input.realmId, input.exoservaId, input.qboId, input.at],
    );
  },

  async remove(q: Queryable, input: { tenantId: string; realmId: string; exoservaId: string }) {
    await q.query(
      `DELETE FROM qbo_links WHERE tenant_id = $1 AND realm_id = $2 AND entity_type = 'customer' AND exoserva_id = $3`,
      [input.tenantId, input.realmId, input.exoservaId],
    );
  },
};

export interface AuditWithChanges {
  tenantId: string;
  at: Date;
  action: AuditEntry['action'];
  actor: { userId: string; name: string | null; role: string };
  company: { realmId: string; name: string | null } | null;
  detail: string;
  detailCode?: string | null;
  detailParams?: Record<string, string | number> | null;
  changes: { before: unknown; after: unknown };
}

/** audit_log rows for the mapping, direction and matching actions, with what changed (migration 003). */
export async function appendAuditWithChanges(q: Queryable, input: AuditWithChanges): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (id, tenant_id, at, action, actor_user_id, actor_name, actor_role, realm_id, company_name, detail, changes, detail_code, detail_params)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13::jsonb)`,
    [
      randomUUID(),
      input.tenantId,
      input.at,
      input.action,
      input.actor.userId,
      input.actor.name,
      input.actor.role,
      input.company?.realmId ?? null,
      input.company?.name ?? null,
      input.detail,
      JSON.stringify(input.changes),
      input.detailCode ?? null,
      input.detailParams ? JSON.stringify(input.detailParams) : null,
    ],
  );
}
