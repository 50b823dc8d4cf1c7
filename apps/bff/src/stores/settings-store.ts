import type { Queryable } from '../ports/database.ts';

type Raw = Record<string, unknown>;
const asDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

/** The integration_settings row: the customer sync direction. */
export const settingsStore = {
  async getDirection(
    q: Queryable,
    tenantId: string,
  ): Promise<{ direction: 'one_way' | 'two_way'; chosen: boolean; updatedAt: Date | null }> {
    const { rows } = await q.query<Raw>(
      'SELECT customer_direction, customer_direction_chosen, updated_at FROM integration_settings WHERE tenant_id = $1',
      [tenantId],
    );
    const r = rows[0];
    if (!r) return { direction: 'one_way', chosen: false, updatedAt: null };
    return {
      direction: r.customer_direction === 'two_way' ? 'two_way' : 'one_way',
      chosen: r.customer_direction_chosen === true,
      updatedAt: r.customer_direction_chosen === true ? asDate(r.updated_at) : null,
    };
  },

  async setDirection(
    q: Queryable,
    input: { tenantId: string; direction: 'one_way' | 'two_way'; userId: string; at: Date },
  ): Promise<void> {
    await q.query(
      `INSERT INTO integration_settings (tenant_id, customer_direction, customer_direction_chosen, updated_at, updated_by)
       VALUES ($1, $2, true, $3, $4)
       ON CONFLICT (tenant_id) DO UPDATE SET customer_direction = EXCLUDED.customer_direction,
         customer_direction_chosen = true, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [input.tenantId, input.direction, input.at, input.userId],
    );
  },
};
