import type { Logger } from '../logging/logger.ts';
import { meterMonthOf } from '../observability/metered-calls.ts';
import type { Clock } from '../ports/clock.ts';
import type { Database } from '../ports/database.ts';

/** From this share of the month's allowance on, reads that can wait do (issue 24). */
export const DEFER_AT_SHARE = 0.9;
/** How long one look at the month's count serves every caller (the count moves slowly). */
const LOOK_MS = 60_000;

/**
 * Intuit blocks every metered (CorePlus) call of an app once its monthly allowance is spent, and tells each
 * customer the app is "Offline". As the app nears it, the reads that can wait — the change feed's safety net —
 * are put off to the next month, so the reads that keep the books right (lookups before a create, a stale
 * SyncToken's re-read, payment methods) still have room. Writes are never metered, never deferred.
 */
export function createMeteredBudget(deps: {
  db: Database;
  clock: Clock;
  logger: Logger;
  monthlyAllowance: number;
}) {
  let last: { at: number; month: string; used: number } | null = null;

  async function used(): Promise<{ month: string; used: number }> {
    const now = deps.clock.now();
    const month = meterMonthOf(now);
    if (last && last.month === month && now - last.at < LOOK_MS) return last;
    const { rows } = await deps.db.query<{ used: unknown }>(
      'SELECT coalesce(sum(calls), 0) AS used FROM qbo_metered_calls WHERE month = $1',
      [month],
    );
    last = { at: now, month, used: Number(rows[0]?.used ?? 0) };
    return last;
  }

  return {
    monthlyAllowance: deps.monthlyAllowance,
    used,
    /** True when non-essential reads should wait for next month's allowance. */
    async deferNonEssentialReads(): Promise<boolean> {
      const { month, used: n } = await used();
      const defer = n >= deps.monthlyAllowance * DEFER_AT_SHARE;
      if (defer)
        deps.logger.warn('qbo.metered_reads_deferred', { month, used: n, allowance: deps.monthlyAllowance });
      return defer;
    },
  };
}

export type MeteredBudget = ReturnType<typeof createMeteredBudget>;
