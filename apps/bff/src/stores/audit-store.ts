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
}

type Raw = Record<string, unknown>;

/** SQL for audit_log: append-only; read newest first. */
export const auditStore = {
  async append(q: Queryable, input: AuditInput): Promise<void> {
    await q.query(
      `INSERT INTO audit_log (id, tenant_id, at, action, actor_user_id, actor_name, actor_role, realm_id, company_name, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
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
    }));
  },
};
