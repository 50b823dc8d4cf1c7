import type { Queryable } from '../ports/database.ts';

/** SQL for qbo_payment_methods (014-money-paths.sql): the QuickBooks PaymentMethod id of each name, per company. */
export const paymentMethodStore = {
  async get(q: Queryable, tenantId: string, realmId: string, name: string): Promise<string | null> {
    const { rows } = await q.query<{ qbo_id: string }>(
      'SELECT qbo_id FROM qbo_payment_methods WHERE tenant_id = $1 AND realm_id = $2 AND name = $3',
      [tenantId, realmId, name],
    );
    return rows[0]?.qbo_id ?? null;
  },

  async save(
    q: Queryable,
    input: { tenantId: string; realmId: string; name: string; qboId: string; now: Date },
  ): Promise<void> {
    await q.query(
      `INSERT INTO qbo_payment_methods (tenant_id, realm_id, name, qbo_id, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, realm_id, name) DO UPDATE SET qbo_id = EXCLUDED.qbo_id`,
      [input.tenantId, input.realmId, input.name, input.qboId, input.now],
    );
  },
};
