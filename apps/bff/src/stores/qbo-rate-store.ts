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
 * admissions and the calls still in flight. One admission is one short transaction that takes a
 * transaction-scoped advisory lock on the realm (so two instances never both take the last slot), counts
 * the window, and inserts the call. Old rows are pruned under the same lock.
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
    const { realmId, nowMs, limits } = input;
    return db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('qbo-rate:' || $1))", [realmId]);
      const { rows } = await tx.query<{
        sec: string | number;
        min: string | number;
        batches: string | number;
        inflight: string | number;
        oldest_sec: string | number | null;
        oldest_min: string | number | null;
        oldest_batch: string | number | null;
      }>(
        `SELECT count(*) FILTER (WHERE at_ms > $2::bigint - 1000) AS sec,
                count(*) FILTER (WHERE at_ms > $2::bigint - 60000) AS min,
                count(*) FILTER (WHERE is_batch AND at_ms > $2::bigint - 60000) AS batches,
                count(*) FILTER (WHERE in_flight_until_ms > $2::bigint) AS inflight,
                min(at_ms) FILTER (WHERE at_ms > $2::bigint - 1000) AS oldest_sec,
                min(at_ms) FILTER (WHERE at_ms > $2::bigint - 60000) AS oldest_min,
                min(at_ms) FILTER (WHERE is_batch AND at_ms > $2::bigint - 60000) AS oldest_batch
           FROM qbo_rate_calls
          WHERE realm_id = $1 AND (at_ms > $2::bigint - 60000 OR in_flight_until_ms > $2::bigint)`,
        [realmId, nowMs],
      );
      const r = rows[0];
      const n = (v: string | number | null | undefined) => Number(v ?? 0);
      const wait = (oldest: string | number | null | undefined, windowMs: number) =>
        Math.max(1, n(oldest) + windowMs - nowMs + 1);
      if (r) {
        if (n(r.min) >= limits.perMinute)
          return { ok: false, limit: 'perMinute', retryInMs: wait(r.oldest_min, 60_000) };
        if (n(r.sec) >= limits.perSecond)
          return { ok: false, limit: 'perSecond', retryInMs: wait(r.oldest_sec, 1000) };
        if (n(r.inflight) >= limits.concurrent) return { ok: false, limit: 'concurrent', retryInMs: 10 };
        if (input.batch && n(r.batches) >= limits.batchPerMinute)
          return { ok: false, limit: 'batchPerMinute', retryInMs: wait(r.oldest_batch, 60_000) };
      }
      await tx.query(
        `INSERT INTO qbo_rate_calls (realm_id, call_id, at_ms, is_batch, in_flight_until_ms) VALUES ($1, $2, $3, $4, $5)`,
        [realmId, input.callId, nowMs, input.batch, nowMs + input.inFlightMs],
      );
      // Cheap housekeeping: about one admission in eight prunes what no window can see any more.
      if (input.callId.charCodeAt(input.callId.length - 1) % 50 === 0) {
        await tx.query(
          `DELETE FROM qbo_rate_calls WHERE realm_id = $1 AND at_ms < $2::bigint - 61000
             AND (in_flight_until_ms IS NULL OR in_flight_until_ms < $2::bigint)`,
          [realmId, nowMs],
        );
      }
      return { ok: true };
    });
  },

  async release(db: Database, realmId: string, callId: string): Promise<void> {
    await db.query(
      'UPDATE qbo_rate_calls SET in_flight_until_ms = NULL WHERE realm_id = $1 AND call_id = $2',
      [realmId, callId],
    );
  },
};
