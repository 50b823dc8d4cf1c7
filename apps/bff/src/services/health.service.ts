import type { ReadyResponse } from '@exoserva/contracts';
import { migrationStatus } from '../db/migrator.ts';
import type { Database } from '../ports/database.ts';

/** Liveness needs nothing; readiness needs the database reachable and every migration applied. */
export function createHealthService(db: Database) {
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
      const ready = Object.values(checks).every((c) => c.ok);
      return { status: ready ? 'ready' : 'not_ready', checks };
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
