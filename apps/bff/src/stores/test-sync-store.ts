import type { TestSyncRun } from '@exoserva/contracts';
import type { Queryable } from '../ports/database.ts';

/** The runner's own notes beside the run the wizard sees. */
export interface TestSyncNotes {
  /** Account balances (cents) read just before Sync Now. */
  balancesBefore?: { income: number; deposit: number };
  /** The record versions this run wrote in Exoserva: the events announcing them are waited for. */
  versions?: { customer?: number; invoice?: number; payment?: number };
  /** When Sync Now was asked for (the deadline for the records to land is counted from here). */
  syncRequestedAt?: string;
  /** The role of the admin who started the run (the audit entry written when it ends names them). */
  startedByRole?: string;
  /** Since when Sync Now waits for Exoserva's events announcing this run's records. */
  eventsWaitSince?: string;
  /** When the step that writes to Exoserva began (a restart looks the record up before writing again). */
  writingSince?: string;
}

export interface TestSyncRow {
  id: string;
  tenantId: string;
  realmId: string;
  mappingVersion: number | null;
  status: TestSyncRun['status'];
  run: TestSyncRun;
  notes: TestSyncNotes;
  cleaned: boolean;
}

type Raw = Record<string, unknown>;

const toRow = (r: Raw): TestSyncRow => {
  const state = (typeof r.state === 'string' ? JSON.parse(r.state) : r.state) as {
    run: TestSyncRun;
    notes: TestSyncNotes;
  };
  return {
    id: String(r.id),
    tenantId: String(r.tenant_id),
    realmId: String(r.realm_id),
    mappingVersion:
      r.mapping_version === null || r.mapping_version === undefined ? null : Number(r.mapping_version),
    status: String(r.status) as TestSyncRun['status'],
    run: state.run,
    notes: state.notes ?? {},
    cleaned: Boolean(r.cleaned),
  };
};

/** SQL for test_sync_runs (007). Runs on PGlite and PostgreSQL. */
export const testSyncStore = {
  /** False when the tenant already has a running test (the one-running unique index). */
  async insert(q: Queryable, input: { row: TestSyncRow; startedBy: string; now: Date }): Promise<boolean> {
    const { row } = input;
    const { rows } = await q.query(
      `INSERT INTO test_sync_runs (id, tenant_id, realm_id, mapping_version, status, state, started_by, started_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $8)
       ON CONFLICT (tenant_id) WHERE status = 'running' DO NOTHING RETURNING id`,
      [
        row.id,
        row.tenantId,
        row.realmId,
        row.mappingVersion,
        row.status,
        JSON.stringify({ run: row.run, notes: row.notes }),
        input.startedBy,
        input.now,
      ],
    );
    return rows.length === 1;
  },

  async latest(q: Queryable, tenantId: string): Promise<TestSyncRow | null> {
    const { rows } = await q.query<Raw>(
      'SELECT * FROM test_sync_runs WHERE tenant_id = $1 ORDER BY started_at DESC, id LIMIT 1',
      [tenantId],
    );
    return rows[0] ? toRow(rows[0]) : null;
  },

  async get(q: Queryable, tenantId: string, id: string, options: { forUpdate?: boolean } = {}) {
    const { rows } = await q.query<Raw>(
      `SELECT * FROM test_sync_runs WHERE tenant_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [tenantId, id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  },

  /** The newest passing run for this company (null: never passed here). */
  async latestPass(
    q: Queryable,
    tenantId: string,
    realmId: string,
  ): Promise<{ mappingVersion: number | null; finishedAt: Date } | null> {
    const { rows } = await q.query<Raw>(
      `SELECT mapping_version, finished_at FROM test_sync_runs
        WHERE tenant_id = $1 AND realm_id = $2 AND status = 'passed'
        ORDER BY finished_at DESC LIMIT 1`,
      [tenantId, realmId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      mappingVersion: r.mapping_version === null ? null : Number(r.mapping_version),
      finishedAt: new Date(r.finished_at as string | Date),
    };
  },

  /**
   * Takes one running test whose lease is free (FOR UPDATE SKIP LOCKED plus a lease, as the sync queue): the
   * instance that holds the lease advances it; a dead instance's run is taken over when the lease runs out.
   */
  async claim(q: Queryable, owner: string, now: Date, leaseUntil: Date): Promise<TestSyncRow | null> {
    const { rows } = await q.query<Raw>(
      `UPDATE test_sync_runs r SET lease_owner = $1, lease_until = $3
        WHERE r.id = (SELECT c.id FROM test_sync_runs c
           WHERE c.status = 'running' AND (c.lease_until IS NULL OR c.lease_until < $2)
           ORDER BY c.lease_until NULLS FIRST, c.started_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING r.*`,
      [owner, now, leaseUntil],
    );
    return rows[0] ? toRow(rows[0]) : null;
  },

  /**
   * Writes the run (its status and mapping version from the run itself) after a step, guarded by the lease (false: another instance took it over, stop). The lease
   * moves out with every write, so a long run is never taken over while its owner still works on it.
   */
  async save(
    q: Queryable,
    row: TestSyncRow,
    owner: string,
    input: { now: Date; leaseUntil: Date; finishedAt: Date | null },
  ): Promise<boolean> {
    const { rowCount } = await q.query(
      `UPDATE test_sync_runs SET status = $3, state = $4::jsonb, finished_at = $5::timestamptz, updated_at = $6,
         mapping_version = $8,
         lease_until = CASE WHEN $3 = 'running' THEN $7::timestamptz ELSE NULL END,
         lease_owner = CASE WHEN $3 = 'running' THEN lease_owner ELSE NULL END
       WHERE id = $1 AND lease_owner = $2 AND status = 'running'`,
      [
        row.id,
        owner,
        row.run.status,
        JSON.stringify({ run: row.run, notes: row.notes }),
        input.finishedAt,
        input.now,
        input.leaseUntil,
        row.run.mappingVersion,
      ],
    );
    return rowCount === 1;
  },

  /** Hands the run back until `until` (waiting for the sync engine), keeping what was written. */
  async release(q: Queryable, id: string, owner: string, until: Date): Promise<void> {
    await q.query(
      `UPDATE test_sync_runs SET lease_owner = NULL, lease_until = $3 WHERE id = $1 AND lease_owner = $2`,
      [id, owner, until],
    );
  },

  /**
   * The run's records (by "kind:id") that an Exoserva event queued again after Sync Now: they go now too,
   * rather than wait for auto-sync. Rows already due keep their backoff (only the Sync Now flag is set).
   */
  async runNowIfWaiting(q: Queryable, tenantId: string, refs: string[], now: Date): Promise<number> {
    if (refs.length === 0) return 0;
    const { rowCount } = await q.query(
      `UPDATE sync_work SET run_now = true, updated_at = $3
        WHERE tenant_id = $1 AND state = 'pending' AND NOT run_now AND (kind || ':' || record_id) = ANY($2::text[])`,
      [tenantId, refs, now],
    );
    return rowCount;
  },

  /** Records the clean-up's outcome on a finished run. */
  async saveCleanup(q: Queryable, row: TestSyncRow, cleaned: boolean, now: Date): Promise<void> {
    await q.query(
      `UPDATE test_sync_runs SET state = $3::jsonb, cleaned = $4, updated_at = $5 WHERE tenant_id = $1 AND id = $2`,
      [row.tenantId, row.id, JSON.stringify({ run: row.run, notes: row.notes }), cleaned, now],
    );
  },
};
