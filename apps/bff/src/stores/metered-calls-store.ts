import type { Queryable } from '../ports/database.ts';

/** qbo_metered_calls (020): the BFF's own count of Intuit's metered calls, by company, month and purpose. */
export const meteredCallsStore = {
  async add(q: Queryable, realmId: string, month: string, purpose: string): Promise<void> {
    await q.query(
      `INSERT INTO qbo_metered_calls (realm_id, month, purpose, calls) VALUES ($1, $2, $3, 1)
       ON CONFLICT (realm_id, month, purpose) DO UPDATE SET calls = qbo_metered_calls.calls + 1`,
      [realmId, month, purpose],
    );
  },

  /** The month's calls per company, largest first, with the split by purpose. */
  async month(
    q: Queryable,
    month: string,
  ): Promise<{ realmId: string; calls: number; byPurpose: Record<string, number> }[]> {
    const { rows } = await q.query<{ realm_id: string; purpose: string; calls: number }>(
      'SELECT realm_id, purpose, calls FROM qbo_metered_calls WHERE month = $1',
      [month],
    );
    const by = new Map<string, { realmId: string; calls: number; byPurpose: Record<string, number> }>();
    for (const r of rows) {
      const entry = by.get(r.realm_id) ?? { realmId: r.realm_id, calls: 0, byPurpose: {} };
      entry.calls += Number(r.calls);
      entry.byPurpose[r.purpose] = Number(r.calls);
      by.set(r.realm_id, entry);
    }
    return [...by.values()].sort((a, b) => b.calls - a.calls);
  },
};
