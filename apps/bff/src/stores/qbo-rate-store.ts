import type { Database } from '../ports/database.ts';

export interface RateLimits {
  perSecond: number;
  perMinute: number;
  concurrent: number;
  batchPerMinute: number;
}

export type Admission = { ok: true } | { ok: false; retryInMs: number; limit: keyof RateLimits };

/**
 * The QuickBooks calls every BFF instance made per company, in one table: a sliding second and minute of
 * admissions and the calls still in flight. One admission is one statement (the `qbo_rate_admit` function)
 * that takes a transaction-scoped advisory lock on the realm (so two instances never both take the last
 * slot), counts the windows, and records the call. Old rows are pruned under the same lock.
 */
export const qboRateStore = {
  async tryAdmit(
    db: Database,
    input: {
      realmId: string;
      callId: string;
      batch: boolean;
      nowMs: number;
      inFlightMs: number;
      limits: RateLimits;
    },
  ): Promise<Admission> {
    const { limits } = input;
    // One round trip: qbo_rate_admit (013-sync-throughput.sql) locks, counts, decides and records. Its columns
    // named, not `*`, so the statement is prepared (adapters/postgres-database.ts).
    const { rows } = await db.query<{
      admitted: boolean;
      limit_name: keyof RateLimits | null;
      retry_in_ms: string | number | null;
    }>(
      'SELECT admitted, limit_name, retry_in_ms FROM qbo_rate_admit($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
      [
        input.realmId,
        input.callId,
        input.batch,
        input.nowMs,
        input.inFlightMs,
        limits.perSecond,
        limits.perMinute,
        limits.concurrent,
        limits.batchPerMinute,
        // Cheap housekeeping: about one admission in fifty prunes what no window can see any more.
        input.callId.charCodeAt(input.callId.length - 1) % 50 === 0,
      ],
    );
    const r = rows[0];
    if (!r || r.admitted) return { ok: true };
    return { ok: false, limit: r.limit_name ?? 'perMinute', retryInMs: Number(r.retry_in_ms ?? 1000) };
  },

  async release(db: Database, realmId: string, callId: string): Promise<void> {
    await db.query(
      'UPDATE qbo_rate_calls SET in_flight_until_ms = NULL WHERE realm_id = $1 AND call_id = $2',
      [realmId, callId],
    );
  },
};
