import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '@exoserva/contracts';
import type { Queryable } from '../ports/database.ts';

export type AuditActionValue = AuditEntry['action'];

export interface AuditInput {
  tenantId: string;
  at: Date;
  action: AuditActionValue;
  actor: { userId: string; name: string | null; role: string } | null;
  company: { realmId: string; name: string | null } | null;
  detail: string | null;
  /** The detail in words the wizard translates (services/audit-details.ts); absent for detail-less entries. */
  detailCode?: string | null;
  detailParams?: Record<string, string | number> | null;
}

type Raw = Record<string, unknown>;

/** jsonb arrives parsed from PostgreSQL and PGlite alike; anything but string and number values is dropped. */
function paramsOf(raw: unknown): Record<string, string | number> {
  const value = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  const out: Record<string, string | number> = {};
  if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value))
      if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

/** SQL for audit_log: append-only; read newest first. */
export const auditStore = {
  async append(q: Queryable, input: AuditInput): Promise<void> {
    await q.query(
      `INSERT INTO audit_log (id, tenant_id, at, action, actor_user_id, actor_name, actor_role, realm_id, company_name, detail, detail_code, detail_params)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb)`,
      [
        randomUUID(),
        input.tenantId,
        input.at,
        input.action,
        input.actor?.userId ?? null,
        input.actor?.name ?? null,
        input.actor?.role ?? null,
        input.company?.realmId ?? null,
        input.company?.name ?? null,
        input.detail,
        input.detailCode ?? null,
        input.detailParams ? JSON.stringify(input.detailParams) : null,
      ],
    );
  },

  async list(q: Queryable, tenantId: string, limit = 200): Promise<AuditEntry[]> {
    const { rows } = await q.query<Raw>(
      'SELECT * FROM audit_log WHERE tenant_id = $1 ORDER BY at DESC, seq DESC LIMIT $2',
      [tenantId, limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      at: (r.at instanceof Date ? r.at : new Date(String(r.at))).toISOString(),
      action: String(r.action) as AuditActionValue,
      actor: r.actor_user_id
        ? {
            userId: String(r.actor_user_id),
            name: r.actor_name === null ? null : String(r.actor_name),
            role: String(r.actor_role),
          }
        : null,
      company: r.realm_id
        ? { realmId: String(r.realm_id), name: r.company_name === null ? null : String(r.company_name) }
        : null,
      detail: r.detail === null ? null : String(r.detail),
      ...(r.detail_code
        ? { detailCode: String(r.detail_code), detailParams: paramsOf(r.detail_params) }
        : {}),
    }));
  },
};
