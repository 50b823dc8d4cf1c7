import type { BackfillJobStatus, BackfillKind, SyncRecordKind } from '@exoserva/contracts';
import type { Queryable } from '../ports/database.ts';
import { KIND_RANK } from './sync-store.ts';

export interface JobRow {
  id: string;
  tenantId: string;
  source: 'backfill' | 'repost';
  repostId: string | null;
  mappingVersion: number | null;
  from: string;
  to: string;
  kinds: BackfillKind[];
  status: BackfillJobStatus;
  total: number;
  startedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface JobCounts {
  waiting: number;
  fed: number;
  done: number;
  failed: number;
  /** Items that landed in the last minute (the measured rate). */
  landedLastMinute: number;
}

type Raw = Record<string, unknown>;
const date = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

const JOB_COLUMNS = `id, tenant_id, source, repost_id, mapping_version, to_char(from_date, 'YYYY-MM-DD') AS f,
  to_char(to_date, 'YYYY-MM-DD') AS t, kinds, status, total, started_by, started_at, finished_at`;

const toJob = (r: Raw): JobRow => ({
  id: String(r.id),
  tenantId: String(r.tenant_id),
  source: String(r.source) as JobRow['source'],
  repostId: r.repost_id === null ? null : String(r.repost_id),
  mappingVersion: r.mapping_version === null ? null : Number(r.mapping_version),
  from: String(r.f),
  to: String(r.t),
  kinds: (typeof r.kinds === 'string' ? JSON.parse(r.kinds) : r.kinds) as BackfillKind[],
  status: String(r.status) as BackfillJobStatus,
  total: Number(r.total),
  startedBy: String(r.started_by),
  startedAt: date(r.started_at),
  finishedAt: r.finished_at === null ? null : date(r.finished_at),
});

/** Rows per INSERT when a plan is stored (keeps every statement's parameter list small). */
const CHUNK = 500;

/**
 * SQL for backfill jobs (011-backfill.sql): the job row, one item per record, and feeding items into the shared
 * sync queue at low priority. Runs on PGlite and PostgreSQL.
 */
export const backfillStore = {
  /** Thrown by the unique index when the tenant already has a running or paused job. */
  isOneActiveViolation(error: unknown): boolean {
    return error instanceof Error && /backfill_jobs_one_active|backfill_jobs_repost/.test(error.message);
  },

  async insertJob(
    q: Queryable,
    job: Omit<JobRow, 'status' | 'finishedAt' | 'total'> & {
      items: Array<{ kind: SyncRecordKind; recordId: string; recordDate: string; amountCents: number }>;
    },
  ): Promise<void> {
    await q.query(
      `INSERT INTO backfill_jobs (id, tenant_id, source, repost_id, mapping_version, from_date, to_date, kinds, status,
         total, started_by, started_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, 'running', $9, $10, $11, $11)`,
      [
        job.id,
        job.tenantId,
        job.source,
        job.repostId,
        job.mappingVersion,
        job.from,
        job.to,
        JSON.stringify(job.kinds),
        job.items.length,
        job.startedBy,
        job.startedAt,
      ],
    );
    for (let i = 0; i < job.items.length; i += CHUNK) {
      const chunk = job.items.slice(i, i + CHUNK);
      await q.query(
        `INSERT INTO backfill_items (job_id, kind, record_id, kind_rank, record_date, amount_cents, state)
         SELECT $1, k, r, kr, d::date, a, 'waiting'
           FROM unnest($2::text[], $3::text[], $4::smallint[], $5::text[], $6::bigint[]) AS x(k, r, kr, d, a)
         ON CONFLICT DO NOTHING`,
        [
          job.id,
          chunk.map((c) => c.kind),
          chunk.map((c) => c.recordId),
          chunk.map((c) => KIND_RANK[c.kind]),
          chunk.map((c) => c.recordDate),
          chunk.map((c) => c.amountCents),
        ],
      );
    }
  },

  async get(q: Queryable, tenantId: string, id: string): Promise<JobRow | null> {
    const { rows } = await q.query<Raw>(
      `SELECT ${JOB_COLUMNS} FROM backfill_jobs WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0] ? toJob(rows[0]) : null;
  },

  /** The running or paused job, else the one that finished last. */
  async current(q: Queryable, tenantId: string): Promise<JobRow | null> {
    const { rows } = await q.query<Raw>(
      `SELECT ${JOB_COLUMNS} FROM backfill_jobs WHERE tenant_id = $1
        ORDER BY (status IN ('running', 'paused')) DESC, started_at DESC LIMIT 1`,
      [tenantId],
    );
    return rows[0] ? toJob(rows[0]) : null;
  },

  /** Moves a job between states; null when it is not in one of `from` (already finished, or another id). */
  async transition(
    q: Queryable,
    tenantId: string,
    id: string,
    from: BackfillJobStatus[],
    to: BackfillJobStatus,
    now: Date,
  ): Promise<JobRow | null> {
    const finished = to === 'done' || to === 'cancelled';
    const { rows } = await q.query<Raw>(
      `UPDATE backfill_jobs SET status = $4, updated_at = $5, finished_at = CASE WHEN $6 THEN $5 ELSE finished_at END
        WHERE tenant_id = $1 AND id = $2 AND status = ANY($3::text[])
        RETURNING ${JOB_COLUMNS}`,
      [tenantId, id, from, to, now, finished],
    );
    const job = rows[0] ? toJob(rows[0]) : null;
    if (job?.repostId && finished) {
      await q.query(`UPDATE mapping_reposts SET status = $2, finished_at = $3 WHERE id = $1`, [
        job.repostId,
        to,
        now,
      ]);
    }
    return job;
  },

  /**
   * Takes one running job whose lease is free (FOR UPDATE SKIP LOCKED, as the sync queue): the instance that
   * holds the lease feeds it; a dead instance's job is taken over when the lease runs out.
   */
  async claim(q: Queryable, owner: string, now: Date, leaseUntil: Date): Promise<JobRow | null> {
    const { rows } = await q.query<Raw>(
      `UPDATE backfill_jobs j SET lease_owner = $1, lease_until = $3
        WHERE j.id = (
          SELECT c.id FROM backfill_jobs c
           WHERE c.status = 'running' AND (c.lease_until IS NULL OR c.lease_until < $2)
           ORDER BY c.lease_until NULLS FIRST, c.started_at
           LIMIT 1 FOR UPDATE OF c SKIP LOCKED)
        RETURNING ${JOB_COLUMNS}`,
      [owner, now, leaseUntil],
    );
    return rows[0] ? toJob(rows[0]) : null;
  },

  /**
   * Hands the job back after one round of feeding: any instance may take it from `until` on (a short pause, so
   * the round that just fed it doesn't take it again at once and jobs of other tenants get their turn).
   */
  async releaseLease(q: Queryable, id: string, owner: string, until: Date): Promise<void> {
    await q.query(
      `UPDATE backfill_jobs SET lease_owner = NULL, lease_until = $3 WHERE id = $1 AND lease_owner = $2`,
      [id, owner, until],
    );
  },

  /**
   * Brings the items in line with the queue: fed items whose row landed since they were fed are done, those
   * whose row needs a person are failed, and a failed one whose row was retried and landed is done.
   */
  async refresh(q: Queryable, job: { id: string; tenantId: string }, now: Date): Promise<void> {
    await q.query(
      `UPDATE backfill_items i SET
         state = CASE WHEN w.state = 'done' THEN 'done' ELSE 'failed' END,
         done_at = CASE WHEN w.state = 'done' THEN $3::timestamptz ELSE NULL END
        FROM sync_work w
       WHERE i.job_id = $1 AND i.state IN ('fed', 'failed')
         AND w.tenant_id = $2 AND w.kind = i.kind AND w.record_id = i.record_id
         AND ((w.state = 'done' AND w.done_at >= i.fed_at) OR (i.state = 'fed' AND w.state IN ('failed', 'blocked')))`,
      [job.id, job.tenantId, now],
    );
  },

  async counts(q: Queryable, jobId: string, now: Date): Promise<JobCounts> {
    const { rows } = await q.query<Raw>(
      `SELECT count(*) FILTER (WHERE state = 'waiting') AS waiting, count(*) FILTER (WHERE state = 'fed') AS fed,
              count(*) FILTER (WHERE state = 'done') AS done, count(*) FILTER (WHERE state = 'failed') AS failed,
              count(*) FILTER (WHERE state = 'done' AND done_at > $2::timestamptz - interval '1 minute') AS recent
         FROM backfill_items WHERE job_id = $1`,
      [jobId, now],
    );
    const r = rows[0] ?? {};
    return {
      waiting: Number(r.waiting ?? 0),
      fed: Number(r.fed ?? 0),
      done: Number(r.done ?? 0),
      failed: Number(r.failed ?? 0),
      landedLastMinute: Number(r.recent ?? 0),
    };
  },

  /**
   * Hands the next `limit` waiting items to the sync queue: low priority (live sync goes first), to go now
   * (auto-sync off or not: the admin asked), and released if they were held since a disconnect — the backfill
   * is the explicit choice that covers them. A row already queued moves to the next generation, so the
   * engine looks at the record again.
   */
  async feed(q: Queryable, job: { id: string; tenantId: string }, limit: number, now: Date): Promise<number> {
    if (limit <= 0) return 0;
    const { rows } = await q.query<Raw>(
      `UPDATE backfill_items SET state = 'fed', fed_at = $3
        WHERE job_id = $1 AND (kind, record_id) IN (
          SELECT kind, record_id FROM backfill_items WHERE job_id = $1 AND state = 'waiting'
           ORDER BY kind_rank, record_date, record_id LIMIT $2)
        RETURNING kind, record_id, kind_rank`,
      [job.id, limit, now],
    );
    if (rows.length === 0) return 0;
    await q.query(
      `INSERT INTO sync_work (tenant_id, kind, record_id, kind_rank, state, min_version, generation, run_now, priority,
         not_before, created_at, updated_at)
       SELECT $1, k, r, kr, 'pending', 0, 1, true, 1, $2, $2, $2
         FROM unnest($3::text[], $4::text[], $5::smallint[]) AS x(k, r, kr)
       ON CONFLICT (tenant_id, kind, record_id) DO UPDATE SET
         state = 'pending',
         held_since = NULL,
         generation = sync_work.generation + 1,
         run_now = true,
         priority = CASE WHEN sync_work.state = 'pending' THEN sync_work.priority ELSE 1 END,
         attempts = CASE WHEN sync_work.state IN ('failed', 'blocked') THEN 0 ELSE sync_work.attempts END,
         failure = CASE WHEN sync_work.state IN ('failed', 'blocked') THEN NULL ELSE sync_work.failure END,
         blocked_by = NULL,
         not_before = LEAST(sync_work.not_before, EXCLUDED.not_before),
         updated_at = EXCLUDED.updated_at`,
      [
        job.tenantId,
        now,
        rows.map((r) => String(r.kind)),
        rows.map((r) => String(r.record_id)),
        rows.map((r) => Number(r.kind_rank)),
      ],
    );
    return rows.length;
  },

  /** QuickBooks calls every instance made for this company in the last minute (the limiter's window). */
  async callsLastMinute(q: Queryable, realmId: string, nowMs: number): Promise<number> {
    const { rows } = await q.query<Raw>(
      `SELECT count(*) AS n FROM qbo_rate_calls WHERE realm_id = $1 AND at_ms > $2::bigint - 60000`,
      [realmId, nowMs],
    );
    return Number(rows[0]?.n ?? 0);
  },

  /** Re-posts the mapping step recorded and nothing has carried out yet (oldest first, every tenant). */
  async pendingReposts(
    q: Queryable,
  ): Promise<
    Array<{ id: string; tenantId: string; version: number; from: string; to: string; requestedBy: string }>
  > {
    const { rows } = await q.query<Raw>(
      `SELECT r.id, r.tenant_id, r.mapping_version, to_char(r.from_date, 'YYYY-MM-DD') AS f,
              to_char(r.to_date, 'YYYY-MM-DD') AS t, r.requested_by
         FROM mapping_reposts r
        WHERE r.status = 'pending'
          AND NOT EXISTS (SELECT 1 FROM backfill_jobs j WHERE j.tenant_id = r.tenant_id AND j.status IN ('running', 'paused'))
        ORDER BY r.requested_at LIMIT 5`,
    );
    return rows.map((r) => ({
      id: String(r.id),
      tenantId: String(r.tenant_id),
      version: Number(r.mapping_version),
      from: String(r.f),
      to: String(r.t),
      requestedBy: String(r.requested_by),
    }));
  },

  /** Marks a re-post taken; false when another instance took it first. */
  async takeRepost(q: Queryable, id: string): Promise<boolean> {
    const { rowCount } = await q.query(
      `UPDATE mapping_reposts SET status = 'running' WHERE id = $1 AND status = 'pending'`,
      [id],
    );
    return rowCount === 1;
  },

  /** Linked records of the range that last went to QuickBooks with an older mapping version. */
  async repostCandidates(
    q: Queryable,
    input: { tenantId: string; realmId: string; version: number; refs: string[] },
  ): Promise<Set<string>> {
    if (input.refs.length === 0) return new Set();
    const { rows } = await q.query<Raw>(
      `SELECT entity_type, exoserva_id FROM qbo_links
        WHERE tenant_id = $1 AND realm_id = $2 AND (mapping_version IS NULL OR mapping_version < $3)
          AND (entity_type || ':' || exoserva_id) = ANY($4::text[])`,
      [input.tenantId, input.realmId, input.version, input.refs],
    );
    return new Set(rows.map((r) => `${String(r.entity_type)}:${String(r.exoserva_id)}`));
  },

  /** "kind:id" → QuickBooks id for the refs the id map links in this company, and the linked invoice ids. */
  async linksOf(
    q: Queryable,
    input: { tenantId: string; realmId: string; refs: string[] },
  ): Promise<{ links: Map<string, string>; qboInvoiceIds: Set<string> }> {
    const links = new Map<string, string>();
    if (input.refs.length > 0) {
      const { rows } = await q.query<Raw>(
        `SELECT entity_type, exoserva_id, qbo_id FROM qbo_links WHERE tenant_id = $1 AND realm_id = $2
          AND (entity_type || ':' || exoserva_id) = ANY($3::text[])`,
        [input.tenantId, input.realmId, input.refs],
      );
      for (const r of rows) links.set(`${String(r.entity_type)}:${String(r.exoserva_id)}`, String(r.qbo_id));
    }
    const inv = await q.query<Raw>(
      `SELECT qbo_id FROM qbo_links WHERE tenant_id = $1 AND realm_id = $2 AND entity_type = 'invoice'`,
      [input.tenantId, input.realmId],
    );
    return { links, qboInvoiceIds: new Set(inv.rows.map((r) => String(r.qbo_id))) };
  },

  /** "kind:id" of the tenant's records held since a deliberate disconnect. */
  async heldRefs(q: Queryable, tenantId: string): Promise<Set<string>> {
    const { rows } = await q.query<Raw>(
      `SELECT kind, record_id FROM sync_work WHERE tenant_id = $1 AND state = 'pending' AND held_since IS NOT NULL`,
      [tenantId],
    );
    return new Set(rows.map((r) => `${String(r.kind)}:${String(r.record_id)}`));
  },
};
