import type { ReadyResponse } from '@exoserva/contracts';
import { migrationStatus } from '../db/migrator.ts';
import { oldestDueMs } from '../observability/bff-metrics.ts';
import { systemClock, type Clock } from '../ports/clock.ts';
import type { Database } from '../ports/database.ts';

/**
 * Liveness needs nothing; readiness needs the database reachable, every migration applied, and the sync
 * queue readable with its oldest claimable item overdue by no more than `maxQueueLagMs` (0 = not checked).
 */
export function createHealthService(db: Database, options: { clock?: Clock; maxQueueLagMs?: number } = {}) {
  const clock = options.clock ?? systemClock;
  const maxLag = options.maxQueueLagMs ?? 0;
  return {
    async readiness(): Promise<ReadyResponse> {
      const checks: ReadyResponse['checks'] = {};
      try {
        await db.query('SELECT 1');
        checks.database = { ok: true };
        checks.migrations = await migrationStatus(db);
      } catch {
        checks.database = { ok: false, detail: 'database unreachable' };
        checks.migrations = { ok: false, detail: 'unknown' };
      }
      if (checks.database.ok) {
        try {
          const lagMs = await oldestDueMs(db, new Date(clock.now()));
          const lagS = Math.round(lagMs / 1000);
          checks.queue =
            maxLag > 0 && lagMs > maxLag
              ? {
                  ok: false,
                  detail: `oldest claimable item overdue by ${lagS} s (limit ${Math.round(maxLag / 1000)} s)`,
                }
              : { ok: true, detail: `oldest claimable item overdue by ${lagS} s` };
        } catch {
          checks.queue = { ok: false, detail: 'sync queue unreadable' };
        }
      } else {
        checks.queue = { ok: false, detail: 'unknown' };
      }
      const ready = Object.values(checks).every((c) => c.ok);
      return { status: ready ? 'ready' : 'not_ready', checks };
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
