import type { AccountMapping, CustomerSyncDirection, SyncFailure, SyncRecordKind } from '@exoserva/contracts';
import { AccountMapping as AccountMappingSchema } from '@exoserva/contracts';
import type { Queryable } from '../ports/database.ts';
import { insertLogSql, type SyncLogInput } from './sync-log-store.ts';
import { ignoredSql } from './sync-status-store.ts';

/** What the queue holds: the five Exoserva record kinds, and QuickBooks-side customer changes (two-way). */
export type WorkKind = SyncRecordKind | 'qbo_customer';

export const KIND_RANK: Record<WorkKind, number> = {
  qbo_customer: 0,
  customer: 1,
  invoice: 2,
  payment: 3,
  refund: 4,
  payout: 5,
};

export interface WorkRow {
  tenantId: string;
  kind: WorkKind;
  recordId: string;
  state: 'pending' | 'done' | 'failed' | 'blocked';
  minVersion: number;
  generation: number;
  attempts: number;
  claims: number;
  maybeSent: boolean;
  failure: SyncFailure | null;
  /** 0 = announced live; higher = backfill work, claimed after live work (011-backfill.sql). */
  priority: number;
  /** Since when the record has been waiting to land (005-operations.sql): the sync latency's start. */
  pendingSince: Date | null;
  /** Moves after each failure QuickBooks answered definitively: part of the requestid (014-money-paths.sql). */
  requestAttempt: number;
}

export interface LinkRow {
  kind: SyncRecordKind;
  exoId: string;
  qboId: string;
  syncToken: string;
  payloadHash: string | null;
  lastBody: Record<string, unknown> | null;
  mappingVersion: number | null;
  recordVersion: number | null;
  voided: boolean;
  qboUpdatedAt: string | null;
}

/** One row of the id map, as written when a record lands. */
export interface LinkInput {
  tenantId: string;
  realmId: string;
  kind: SyncRecordKind;
  exoId: string;
  qboId: string;
  syncToken: string;
  payloadHash: string | null;
  lastBody: object | null;
  mappingVersion: number | null;
  recordVersion: number | null;
  voided: boolean;
  qboUpdatedAt: string | null;
  now: Date;
}

type Raw = Record<string, unknown>;

/**
 * The columns toWork and toLink read, named rather than `*`: a statement that lists its columns keeps its result
 * type when a migration adds one, so the PostgreSQL adapter can prepare it (adapters/postgres-database.ts).
 */
const WORK_COLUMNS =
  'tenant_id, kind, record_id, state, min_version, generation, attempts, claims, maybe_sent, priority, failure, pending_since, request_attempt';
const LINK_COLUMNS =
  'entity_type, exoserva_id, qbo_id, sync_token, payload_hash, last_body, mapping_version, record_version, voided, qbo_updated_at';

const toWork = (r: Raw): WorkRow => ({
  tenantId: String(r.tenant_id),
  kind: String(r.kind) as WorkKind,
  recordId: String(r.record_id),
  state: String(r.state) as WorkRow['state'],
  minVersion: Number(r.min_version),
  generation: Number(r.generation),
  attempts: Number(r.attempts),
  claims: Number(r.claims),
  maybeSent: Boolean(r.maybe_sent),
  priority: Number(r.priority ?? 0),
  failure: (r.failure as SyncFailure | null) ?? null,
  pendingSince: r.pending_since ? new Date(r.pending_since as string | Date) : null,
  requestAttempt: Number(r.request_attempt ?? 0),
});

const toLink = (r: Raw): LinkRow => ({
  kind: String(r.entity_type) as SyncRecordKind,
  exoId: String(r.exoserva_id),
  qboId: String(r.qbo_id),
  syncToken: String(r.sync_token ?? '0'),
  payloadHash: r.payload_hash === null || r.payload_hash === undefined ? null : String(r.payload_hash),
  lastBody: (r.last_body as Record<string, unknown> | null) ?? null,
  mappingVersion:
    r.mapping_version === null || r.mapping_version === undefined ? null : Number(r.mapping_version),
  recordVersion:
    r.record_version === null || r.record_version === undefined ? null : Number(r.record_version),
  voided: Boolean(r.voided),
  qboUpdatedAt: r.qbo_updated_at === null || r.qbo_updated_at === undefined ? null : String(r.qbo_updated_at),
});

export const refString = (kind: string, id: string) => `${kind}:${id}`;

/**
 * held_since for a row queued now (`$1` is the tenant id, `at` the parameter holding the BFF's clock): set
 * while the tenant's QuickBooks connection is deliberately disconnected — not needs_reconnect, whose queue
 * only pauses and resumes.
 */
const heldIfDisconnected = (at: string) =>
  `(SELECT CASE WHEN EXISTS (SELECT 1 FROM connections WHERE tenant_id = $1 AND status = 'disconnected') THEN ${at}::timestamptz END)`;

/** A queue row for $1 tenant, $2 kind, $3 record, $4 kind rank, $5 version, $6 run now, $7 now. */
const WORK_ROW = `$1::text, $2::text, $3::text, $4::smallint, 'pending', $5::integer, 1, $6::boolean,
  $7::timestamptz, $7::timestamptz, $7::timestamptz, ${heldIfDisconnected('$7')}`;

/**
 * Queues a record (or re-queues it) from `rows` (VALUES or a SELECT of WORK_ROW): a newer announcement
 * moves `generation`, so a worker busy with the older version leaves the row pending when it finishes. A
 * failed or blocked record goes back to pending: an edit in Exoserva is how many failures get fixed.
 */
const upsertWork = (rows: string) =>
  `INSERT INTO sync_work (tenant_id, kind, record_id, kind_rank, state, min_version, generation, run_now, not_before, created_at, updated_at, held_since)
   ${rows}
   ON CONFLICT (tenant_id, kind, record_id) DO UPDATE SET
     state = 'pending',
     held_since = CASE
       WHEN sync_work.state = 'pending' AND sync_work.held_since IS NOT NULL THEN sync_work.held_since
       ELSE EXCLUDED.held_since END,
     min_version = GREATEST(sync_work.min_version, EXCLUDED.min_version),
     generation = sync_work.generation + 1,
     run_now = sync_work.run_now OR EXCLUDED.run_now,
     attempts = CASE WHEN sync_work.state IN ('failed', 'blocked') THEN 0 ELSE sync_work.attempts END,
     not_before = LEAST(sync_work.not_before, EXCLUDED.not_before),
     failure = CASE WHEN sync_work.state IN ('failed', 'blocked') THEN NULL ELSE sync_work.failure END,
     blocked_by = NULL,
     priority = 0, -- announced live: no longer only backfill work (011-backfill.sql)
     updated_at = EXCLUDED.updated_at`;

interface EnqueueInput {
  tenantId: string;
  kind: WorkKind;
  recordId: string;
  version: number;
  now: Date;
  runNow?: boolean;
}

const enqueueParams = (input: EnqueueInput) => [
  input.tenantId,
  input.kind,
  input.recordId,
  KIND_RANK[input.kind],
  input.version,
  input.runNow ?? false,
  input.now,
];

/**
 * Completes the queue rows listed by `rows` (a set of kind, record_id, generation) of tenant $1 leased to $2, at $3:
 * done if no newer announcement came in meanwhile (same generation), else pending again at once.
 */
const completeSql = (rows: string) =>
  `UPDATE sync_work w SET
     state = CASE WHEN w.generation = v.generation THEN 'done' ELSE 'pending' END,
     lease_owner = NULL, lease_until = NULL, not_before = $3, attempts = 0, claims = 0, maybe_sent = false,
     run_now = CASE WHEN w.generation = v.generation THEN false ELSE w.run_now END,
     held_since = CASE WHEN w.generation = v.generation THEN NULL ELSE w.held_since END,
     failure = NULL, blocked_by = NULL, failed_at = NULL, done_at = $3, updated_at = $3
    FROM ${rows} AS v(kind, record_id, generation)
   WHERE w.tenant_id = $1 AND w.kind = v.kind AND w.record_id = v.record_id AND w.lease_owner = $2
   RETURNING w.kind, w.record_id`;

/** Tenant $1's rows blocked by any of `roots` (a text[] of `kind:recordId`) go back to pending at $3. */
const unblockSql = (roots: string) =>
  `UPDATE sync_work SET state = 'pending', not_before = $3, failure = NULL, blocked_by = NULL, attempts = 0, updated_at = $3
    WHERE tenant_id = $1 AND state = 'blocked' AND blocked_by ?| ${roots}`;

/** The id map's upsert of `links`, its parameters numbered after `offset`. */
function upsertLinksSql(links: readonly LinkInput[], offset = 0): { sql: string; params: unknown[] } {
  const per = 13;
  const rows = links.map((_, i) => {
    const n = (k: number) => `$${offset + i * per + k}`;
    return `(${n(1)}, ${n(2)}, ${n(3)}, ${n(4)}, ${n(5)}, ${n(6)}, ${n(7)}, ${n(8)}::jsonb, ${n(9)}::integer,
      ${n(10)}::integer, ${n(11)}::boolean, ${n(12)}, ${n(13)}::timestamptz, ${n(13)}::timestamptz)`;
  });
  return {
    sql: `INSERT INTO qbo_links (tenant_id, realm_id, entity_type, exoserva_id, qbo_id, sync_token, payload_hash, last_body,
       mapping_version, record_version, voided, qbo_updated_at, created_at, updated_at)
     VALUES ${rows.join(', ')}
     ON CONFLICT (tenant_id, realm_id, entity_type, exoserva_id) DO UPDATE SET
       qbo_id = EXCLUDED.qbo_id, sync_token = EXCLUDED.sync_token, payload_hash = EXCLUDED.payload_hash,
       last_body = EXCLUDED.last_body, mapping_version = EXCLUDED.mapping_version,
       record_version = EXCLUDED.record_version, voided = EXCLUDED.voided,
       qbo_updated_at = EXCLUDED.qbo_updated_at, updated_at = EXCLUDED.updated_at`,
    params: links.flatMap((l) => [
      l.tenantId,
      l.realmId,
      l.kind,
      l.exoId,
      l.qboId,
      l.syncToken,
      l.payloadHash,
      l.lastBody ? JSON.stringify(l.lastBody) : null,
      l.mappingVersion,
      l.recordVersion,
      l.voided,
      l.qboUpdatedAt,
      l.now,
    ]),
  };
}

/** SQL for the sync engine: events, the work queue, the id map, settings. Runs on PGlite and PostgreSQL. */
export const syncStore = {
  /** Queues a record, or re-queues it (see upsertWork). */
  async enqueue(q: Queryable, input: EnqueueInput): Promise<void> {
    await q.query(upsertWork(`VALUES (${WORK_ROW})`), enqueueParams(input));
  },

  /**
   * A signed event arrives: stores it once and queues its record, in one statement (atomic without a
   * transaction's extra round trips). False when the event id was seen before (a redelivery): then nothing
   * is queued either.
   */
  async receiveEvent(
    q: Queryable,
    e: {
      id: string;
      tenantId: string;
      type: string;
      kind: WorkKind;
      objectId: string;
      objectVersion: number;
      occurredAt: string;
      now: Date;
    },
  ): Promise<boolean> {
    const { rows } = await q.query<{ fresh: number }>(
      `WITH ev AS (
         INSERT INTO exo_events (event_id, tenant_id, type, object_id, object_version, occurred_at, received_at)
         VALUES ($8, $1, $9, $3, $5, $10, $7) ON CONFLICT (event_id) DO NOTHING RETURNING event_id
       ), queued AS (${upsertWork(`SELECT ${WORK_ROW} FROM ev`)} RETURNING 1)
       SELECT count(*)::int AS fresh FROM ev`,
      [
        ...enqueueParams({
          tenantId: e.tenantId,
          kind: e.kind,
          recordId: e.objectId,
          version: e.objectVersion,
          now: e.now,
        }),
        e.id,
        e.type,
        e.occurredAt,
      ],
    );
    return Number(rows[0]?.fresh ?? 0) === 1;
  },

  /** Queues a dependency nobody announced yet (backfill, or an event lost before this engine existed). */
  async enqueueIfAbsent(
    q: Queryable,
    input: { tenantId: string; kind: WorkKind; recordId: string; now: Date },
  ): Promise<void> {
    await q.query(
      `INSERT INTO sync_work (tenant_id, kind, record_id, kind_rank, state, min_version, generation, run_now, not_before, created_at, updated_at, held_since)
       VALUES ($1, $2, $3, $4, 'pending', 0, 1, true, $5, $5, $5, ${heldIfDisconnected('$5')}) ON CONFLICT DO NOTHING`,
      [input.tenantId, input.kind, input.recordId, KIND_RANK[input.kind], input.now],
    );
  },

  /**
   * Claims up to `limit` due rows with FOR UPDATE SKIP LOCKED and leases them to `owner` until `leaseUntil`.
   * Only tenants whose QuickBooks connection is live, and whose auto-sync is on (or the row was asked for
   * with Sync Now), are served: a paused tenant's queue simply waits.
   *
   * Fair across companies, in turns: the companies with due work line up live work first, then the one
   * served longest ago (`sync_turns.served_at`), then the oldest due row; the claim takes each one's
   * due rows in its own order (customers before their invoices, oldest first), at most `perTenant` (default
   * 30, one QuickBooks batch) of one company, until `limit` rows. The companies it took go to the back of
   * the line. So one company's backlog fills at most one batch of a claim and waits for its next turn, and a
   * company with a burst gets it written in batches rather than one record per claim.
   *
   * Cost: one index probe per company with pending rows (walked with a recursive skip over
   * `sync_work_pending_by_tenant`, 013-sync-throughput.sql) plus the rows taken — not a sort of the whole
   * backlog on every claim.
   */
  async claim(
    q: Queryable,
    input: {
      owner: string;
      now: Date;
      leaseUntil: Date;
      limit: number;
      perTenant?: number;
      /** Live work only (priority 0): the claim loop kept free of backfill chunks that wait on Intuit's limits. */
      liveOnly?: boolean;
    },
  ): Promise<WorkRow[]> {
    // The due conditions, on a row `r` of a company whose auto-sync setting is `auto`.
    const due = (r: string, auto: string) =>
      `${r}.state = 'pending' AND ${r}.held_since IS NULL AND ${r}.not_before <= $2
       AND (${r}.lease_until IS NULL OR ${r}.lease_until < $2) AND (${r}.run_now OR ${auto})
       AND (NOT $6 OR ${r}.priority = 0)`;
    // `turns` is sorted before the lateral join reads it, and a lateral join is a nested loop: the rows are
    // taken company by company in turn order, and the outer LIMIT stops taking (and locking) once it has
    // `limit`. Taken in another order, the claim would still be correct — only less fair.
    const { rows } = await q.query<Raw>(
      `WITH RECURSIVE pending_tenants(tenant_id) AS (
           SELECT min(tenant_id) FROM sync_work WHERE state = 'pending'
         UNION ALL
           SELECT (SELECT min(n.tenant_id) FROM sync_work n WHERE n.state = 'pending' AND n.tenant_id > p.tenant_id)
             FROM pending_tenants p WHERE p.tenant_id IS NOT NULL
       ), turns AS (
         SELECT p.tenant_id, COALESCE(s.auto_sync, false) AS auto_sync
           FROM pending_tenants p
           JOIN connections conn ON conn.tenant_id = p.tenant_id AND conn.status = 'connected'
           LEFT JOIN integration_settings s ON s.tenant_id = p.tenant_id
           LEFT JOIN sync_turns ts ON ts.tenant_id = p.tenant_id
           CROSS JOIN LATERAL (
             SELECT f.priority, f.not_before FROM sync_work f
              WHERE f.tenant_id = p.tenant_id AND ${due('f', 'COALESCE(s.auto_sync, false)')}
              ORDER BY f.priority, f.kind_rank, f.not_before LIMIT 1) head
          ORDER BY head.priority, ts.served_at NULLS FIRST, head.not_before, p.tenant_id
          LIMIT $4
       ), claimed AS (
         UPDATE sync_work w SET lease_owner = $1, lease_until = $3, claims = w.claims + 1, updated_at = $2
          WHERE (w.tenant_id, w.kind, w.record_id) IN (
            SELECT c.tenant_id, c.kind, c.record_id FROM turns t CROSS JOIN LATERAL (
              SELECT d.tenant_id, d.kind, d.record_id FROM sync_work d
               WHERE d.tenant_id = t.tenant_id AND ${due('d', 't.auto_sync')}
               ORDER BY d.priority, d.kind_rank, d.not_before
               LIMIT $5
               FOR UPDATE SKIP LOCKED) c
            LIMIT $4)
         RETURNING ${WORK_COLUMNS}
       ), served AS (
         -- In company order, so two claims that took the same companies lock these rows in the same order.
         INSERT INTO sync_turns (tenant_id, served_at)
         SELECT DISTINCT tenant_id, $2::timestamptz FROM claimed ORDER BY 1
         ON CONFLICT (tenant_id) DO UPDATE SET served_at = EXCLUDED.served_at
       )
       SELECT ${WORK_COLUMNS} FROM claimed`,
      [input.owner, input.now, input.leaseUntil, input.limit, input.perTenant ?? 30, input.liveOnly ?? false],
    );
    // UPDATE … RETURNING keeps no order: customers first again.
    return rows.map(toWork).sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind]);
  },

  /** The worker is alive and still on it: push its leases out. */
  async extendLeases(q: Queryable, owner: string, leaseUntil: Date): Promise<void> {
    await q.query(
      `UPDATE sync_work SET lease_until = $2 WHERE lease_owner = $1 AND lease_until IS NOT NULL AND lease_until < $2`,
      [owner, leaseUntil],
    );
  },

  /** Hands a claimed row back untouched (its dependencies are still on their way). */
  async release(
    q: Queryable,
    key: { tenantId: string; kind: WorkKind; recordId: string },
    owner: string,
    notBefore: Date,
    options: { undoClaim: boolean },
  ): Promise<void> {
    await q.query(
      `UPDATE sync_work SET lease_owner = NULL, lease_until = NULL, not_before = $5,
         claims = CASE WHEN $6 THEN GREATEST(claims - 1, 0) ELSE claims END, updated_at = $5
       WHERE tenant_id = $1 AND kind = $2 AND record_id = $3 AND lease_owner = $4`,
      [key.tenantId, key.kind, key.recordId, owner, notBefore, options.undoClaim],
    );
  },

  /**
   * The record landed. Done only if no newer announcement came in meanwhile (same generation); otherwise
   * it stays pending and is picked up again at once. Guarded by the lease: a worker whose lease was taken
   * over changes nothing.
   */
  async complete(
    q: Queryable,
    key: { tenantId: string; kind: WorkKind; recordId: string },
    owner: string,
    generation: number,
    now: Date,
  ): Promise<boolean> {
    // The same statement recordLanded uses for a whole batch, here for one row.
    const { rows } = await q.query(completeSql('(VALUES ($4::text, $5::text, $6::integer))'), [
      key.tenantId,
      owner,
      now,
      key.kind,
      key.recordId,
      generation,
    ]);
    return rows.length === 1;
  },

  /** A retryable failure: back to pending after `notBefore`, the failure kept for the dashboard. */
  async retryLater(
    q: Queryable,
    key: { tenantId: string; kind: WorkKind; recordId: string },
    owner: string,
    input: {
      notBefore: Date;
      failure: SyncFailure;
      countAttempt: boolean;
      maybeSent: boolean;
      now: Date;
      /**
       * This claim ends with nothing possibly sent (a 429: Intuit refused before doing anything): it does not
       * count as a claim, so the next one is not taken for a crash recovery that must look the record up first.
       */
      undoClaim?: boolean;
    },
  ): Promise<void> {
    await q.query(
      `UPDATE sync_work SET lease_owner = NULL, lease_until = NULL, not_before = $5, failure = $6::jsonb,
         attempts = attempts + CASE WHEN $7 THEN 1 ELSE 0 END, maybe_sent = maybe_sent OR $8, updated_at = $9,
         claims = CASE WHEN $10 THEN GREATEST(claims - 1, 0) ELSE claims END
       WHERE tenant_id = $1 AND kind = $2 AND record_id = $3 AND lease_owner = $4`,
      [
        key.tenantId,
        key.kind,
        key.recordId,
        owner,
        input.notBefore,
        JSON.stringify(input.failure),
        input.countAttempt,
        input.maybeSent,
        input.now,
        input.undoClaim ?? false,
      ],
    );
  },

  /** Needs a person (or is held by a record that does): nothing moves until an edit, Retry or Sync Now. */
  async fail(
    q: Queryable,
    key: { tenantId: string; kind: WorkKind; recordId: string },
    owner: string,
    input: {
      state: 'failed' | 'blocked';
      failure: SyncFailure;
      blockedBy?: string[];
      maybeSent?: boolean;
      /**
       * QuickBooks refused this write definitively: the next attempt — a person's Retry — goes with a new
       * requestid. (A refusal, fresh or replayed for the requestid sent, means nothing landed under that id.)
       */
      definite?: boolean;
      now: Date;
    },
  ): Promise<void> {
    await q.query(
      `UPDATE sync_work SET state = $5, lease_owner = NULL, lease_until = NULL, failure = $6::jsonb,
         blocked_by = $7::jsonb, failed_at = $8, run_now = false, held_since = NULL, attempts = attempts + 1,
         maybe_sent = maybe_sent OR $9, updated_at = $8,
         request_attempt = request_attempt + CASE WHEN $10 THEN 1 ELSE 0 END
       WHERE tenant_id = $1 AND kind = $2 AND record_id = $3 AND lease_owner = $4`,
      [
        key.tenantId,
        key.kind,
        key.recordId,
        owner,
        input.state,
        JSON.stringify(input.failure),
        input.blockedBy ? JSON.stringify(input.blockedBy) : null,
        input.now,
        input.maybeSent ?? false,
        input.definite ?? false,
      ],
    );
  },

  /** States of the given records (by "kind:id"), for dependency planning. */
  async statesOf(q: Queryable, tenantId: string, refs: string[]): Promise<Map<string, WorkRow['state']>> {
    if (refs.length === 0) return new Map();
    const { rows } = await q.query<Raw>(
      `SELECT kind, record_id, state FROM sync_work WHERE tenant_id = $1 AND (kind || ':' || record_id) = ANY($2::text[])`,
      [tenantId, refs],
    );
    return new Map(
      rows.map((r) => [refString(String(r.kind), String(r.record_id)), String(r.state) as WorkRow['state']]),
    );
  },

  /**
   * Priority inheritance: a dependency still queued as backfill work, that live work now waits on, is claimed
   * as live work too — otherwise a live invoice would wait behind the whole backfill for its customer.
   */
  async raiseToLive(q: Queryable, tenantId: string, refs: string[], now: Date): Promise<number> {
    if (refs.length === 0) return 0;
    const { rowCount } = await q.query(
      `UPDATE sync_work SET priority = 0, not_before = LEAST(not_before, $3), updated_at = $3
        WHERE tenant_id = $1 AND state = 'pending' AND priority > 0 AND (kind || ':' || record_id) = ANY($2::text[])`,
      [tenantId, refs, now],
    );
    return rowCount;
  },

  /** Records held by a failure of `root` become pending again once it lands or is retried. */
  async unblockDependents(
    q: Queryable,
    tenantId: string,
    roots: readonly string[],
    now: Date,
  ): Promise<void> {
    if (roots.length === 0) return;
    await q.query(unblockSql('$2::text[]'), [tenantId, [...roots], now]);
  },

  // ---- the id map --------------------------------------------------------------------------------

  async links(
    q: Queryable,
    tenantId: string,
    realmId: string,
    refs: string[],
  ): Promise<Map<string, LinkRow>> {
    if (refs.length === 0) return new Map();
    const { rows } = await q.query<Raw>(
      `SELECT ${LINK_COLUMNS} FROM qbo_links WHERE tenant_id = $1 AND realm_id = $2 AND (entity_type || ':' || exoserva_id) = ANY($3::text[])`,
      [tenantId, realmId, refs],
    );
    return new Map(
      rows.map((r) => {
        const l = toLink(r);
        return [refString(l.kind, l.exoId), l];
      }),
    );
  },

  async linkByQboId(
    q: Queryable,
    tenantId: string,
    realmId: string,
    kind: SyncRecordKind,
    qboId: string,
  ): Promise<LinkRow | null> {
    const { rows } = await q.query<Raw>(
      `SELECT ${LINK_COLUMNS} FROM qbo_links WHERE tenant_id = $1 AND realm_id = $2 AND entity_type = $3 AND qbo_id = $4`,
      [tenantId, realmId, kind, qboId],
    );
    return rows[0] ? toLink(rows[0]) : null;
  },

  async saveLink(q: Queryable, link: LinkInput): Promise<void> {
    const { sql, params } = upsertLinksSql([link]);
    await q.query(sql, params);
  },

  /**
   * What a QuickBooks batch landed, in one statement (atomic without a transaction's round trips): the id map's
   * rows, the queue rows done (each by its own generation and lease, as `complete`), what waited on them
   * unblocked, and the timeline entries. Returns the queue rows it completed (`kind:recordId`). The parts touch
   * different rows (a leased row is never blocked), so their order inside the statement does not matter.
   */
  async recordLanded(
    q: Queryable,
    input: {
      tenantId: string;
      owner: string;
      now: Date;
      links: readonly LinkInput[];
      done: readonly { kind: WorkKind; recordId: string; generation: number }[];
      /** `kind:recordId` of the records whose dependents may go now (see unblockDependents). */
      unblock: readonly string[];
      logs: readonly SyncLogInput[];
    },
  ): Promise<string[]> {
    const params: unknown[] = [input.tenantId, input.owner, input.now];
    const parts: string[] = [];
    const add = (name: string, part: { sql: string; params: unknown[] }) => {
      parts.push(`${name} AS (${part.sql} RETURNING 1)`);
      params.push(...part.params);
    };
    if (input.links.length > 0) add('linked', upsertLinksSql(input.links, params.length));
    if (input.logs.length > 0) add('logged', insertLogSql(input.logs, params.length));
    const n = params.length;
    params.push(
      input.done.map((r) => r.kind),
      input.done.map((r) => r.recordId),
      input.done.map((r) => r.generation),
      [...input.unblock],
    );
    const { rows } = await q.query<Raw>(
      `WITH ${parts.map((p) => `${p}, `).join('')}done AS (
         ${completeSql(`unnest($${n + 1}::text[], $${n + 2}::text[], $${n + 3}::integer[])`)}
       ), unblocked AS (
         ${unblockSql(`$${n + 4}::text[]`)} RETURNING 1
       )
       SELECT kind, record_id FROM done`,
      params,
    );
    return rows.map((r) => refString(String(r.kind), String(r.record_id)));
  },

  // ---- settings (written by the mapping screens; read here) ----------------------------------------

  /** The newest mapping saved for this company (ids of another company's mapping mean nothing here). */
  async latestMapping(q: Queryable, tenantId: string, realmId: string): Promise<AccountMapping | null> {
    const { rows } = await q.query<Raw>(
      `SELECT version, mapping FROM account_mappings WHERE tenant_id = $1 AND (realm_id IS NULL OR realm_id = $2)
        ORDER BY version DESC LIMIT 1`,
      [tenantId, realmId],
    );
    const row = rows[0];
    if (!row) return null;
    const raw: unknown = typeof row.mapping === 'string' ? JSON.parse(row.mapping) : row.mapping;
    const parsed = AccountMappingSchema.safeParse({ ...(raw as object), version: Number(row.version) });
    return parsed.success ? parsed.data : null;
  },

  async settings(
    q: Queryable,
    tenantId: string,
  ): Promise<{ autoSync: boolean; customerDirection: CustomerSyncDirection }> {
    const { rows } = await q.query<Raw>(
      'SELECT auto_sync, customer_direction FROM integration_settings WHERE tenant_id = $1',
      [tenantId],
    );
    const row = rows[0];
    return {
      autoSync: Boolean(row?.auto_sync ?? false),
      customerDirection: (row?.customer_direction as CustomerSyncDirection | undefined) ?? 'one_way',
    };
  },

  async setAutoSync(q: Queryable, tenantId: string, autoSync: boolean, by: string, now: Date): Promise<void> {
    await q.query(
      `INSERT INTO integration_settings (tenant_id, auto_sync, updated_at, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id) DO UPDATE SET auto_sync = EXCLUDED.auto_sync, updated_at = EXCLUDED.updated_at,
         updated_by = EXCLUDED.updated_by`,
      [tenantId, autoSync, now, by],
    );
  },

  /** True when the tenant's queue or id map has ever held this record (it was announced or synced). */
  async knows(q: Queryable, tenantId: string, kind: WorkKind, recordId: string): Promise<boolean> {
    const { rows } = await q.query(
      `SELECT 1 FROM sync_work WHERE tenant_id = $1 AND kind = $2 AND record_id = $3
       UNION ALL SELECT 1 FROM qbo_links WHERE tenant_id = $1 AND entity_type = $2 AND exoserva_id = $3
       LIMIT 1`,
      [tenantId, kind, recordId],
    );
    return rows.length > 0;
  },

  /** Sync Now: every pending, failed or blocked row of the tenant (or one record) goes now. */
  async runNow(
    q: Queryable,
    tenantId: string,
    now: Date,
    record?: { kind: WorkKind; recordId: string },
  ): Promise<number> {
    const { rowCount } = await q.query(
      `UPDATE sync_work SET run_now = true, not_before = $2, updated_at = $2,
         state = 'pending', attempts = CASE WHEN state = 'pending' THEN attempts ELSE 0 END,
         failure = CASE WHEN state = 'pending' THEN failure ELSE NULL END, blocked_by = NULL,
         held_since = ${record ? 'NULL' : 'held_since'}
       WHERE tenant_id = $1 AND state IN ('pending', 'failed', 'blocked')
         ${record ? 'AND kind = $3 AND record_id = $4' : `AND held_since IS NULL AND NOT ${ignoredSql('sync_work')}`}`,
      record ? [tenantId, now, record.kind, record.recordId] : [tenantId, now],
    );
    return rowCount;
  },

  /**
   * Deliberate disconnect: what was still waiting had not reached QuickBooks before the admin disconnected,
   * so it is held too (released only by an explicit choice).
   */
  async holdPending(q: Queryable, tenantId: string, now: Date): Promise<number> {
    const { rowCount } = await q.query(
      `UPDATE sync_work SET held_since = $2
        WHERE tenant_id = $1 AND state = 'pending' AND held_since IS NULL AND kind <> 'qbo_customer'`,
      [tenantId, now],
    );
    return rowCount;
  },

  async held(q: Queryable, tenantId: string, limit = 500) {
    const { rows } = await q.query<Raw>(
      `SELECT kind, record_id, held_since, count(*) OVER () AS total FROM sync_work
        WHERE tenant_id = $1 AND state = 'pending' AND held_since IS NOT NULL AND kind <> 'qbo_customer'
        ORDER BY held_since, kind_rank, record_id LIMIT $2`,
      [tenantId, limit],
    );
    return {
      total: Number(rows[0]?.total ?? 0),
      records: rows.map((r) => ({
        kind: String(r.kind) as SyncRecordKind,
        id: String(r.record_id),
        since: new Date(r.held_since as string | Date),
      })),
    };
  },

  /** Held rows (all, or the given "kind:id" refs) go back to pending, now, as if Sync Now was pressed. */
  async releaseHeld(q: Queryable, tenantId: string, now: Date, refs: string[] | 'all'): Promise<number> {
    const { rowCount } = await q.query(
      `UPDATE sync_work SET held_since = NULL, run_now = true, not_before = $2, pending_since = $2, updated_at = $2
        WHERE tenant_id = $1 AND state = 'pending' AND held_since IS NOT NULL
          ${refs === 'all' ? '' : "AND (kind || ':' || record_id) = ANY($3::text[])"}`,
      refs === 'all' ? [tenantId, now] : [tenantId, now, refs],
    );
    return rowCount;
  },

  async summary(q: Queryable, tenantId: string) {
    const { rows } = await q.query<Raw>(
      `SELECT CASE WHEN state = 'pending' AND held_since IS NOT NULL THEN 'held'
                  WHEN ${ignoredSql('sync_work')} THEN 'ignored' ELSE state END AS state, count(*) AS n
         FROM sync_work WHERE tenant_id = $1 AND kind <> 'qbo_customer' GROUP BY 1`,
      [tenantId],
    );
    // Ignored failures (an admin's audited decision, 008) leave the Failed counter.
    const counts = { pending: 0, done: 0, failed: 0, blocked: 0, held: 0, ignored: 0 };
    for (const r of rows) counts[String(r.state) as keyof typeof counts] = Number(r.n);
    // The newest completion (sync_work_last_done, 013-sync-throughput.sql).
    const last = await q.query<Raw>(
      'SELECT max(done_at) AS last_success_at FROM sync_work WHERE tenant_id = $1 AND done_at IS NOT NULL',
      [tenantId],
    );
    const at = last.rows[0]?.last_success_at;
    return { ...counts, lastSuccessAt: at ? new Date(at as string | Date) : null };
  },

  async failures(q: Queryable, tenantId: string, limit = 200) {
    const { rows } = await q.query<Raw>(
      `SELECT kind, record_id, failure, failed_at, attempts, blocked_by FROM sync_work
        WHERE tenant_id = $1 AND state IN ('failed', 'blocked') AND kind <> 'qbo_customer'
          AND NOT ${ignoredSql('sync_work')}
        ORDER BY failed_at DESC NULLS LAST LIMIT $2`,
      [tenantId, limit],
    );
    return rows.map((r) => ({
      kind: String(r.kind) as SyncRecordKind,
      id: String(r.record_id),
      failure: r.failure as SyncFailure,
      failedAt: new Date((r.failed_at as string | Date | null) ?? 0),
      attempts: Number(r.attempts),
      blockedBy: (r.blocked_by as string[] | null) ?? null,
    }));
  },

  /**
   * Claims the company's change-feed poll for the window starting now (019): true for exactly one caller per
   * window across every instance; false when another poll of this window was claimed already.
   */
  async claimCdcPoll(q: Queryable, tenantId: string, now: Date, everyMs: number): Promise<boolean> {
    const { rows } = await q.query<Raw>(
      `INSERT INTO sync_tenant_state (tenant_id, cdc_next_at) VALUES ($1, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET cdc_next_at = EXCLUDED.cdc_next_at
        WHERE sync_tenant_state.cdc_next_at IS NULL OR sync_tenant_state.cdc_next_at <= $2
       RETURNING tenant_id`,
      [tenantId, now, new Date(now.getTime() + everyMs)],
    );
    return rows.length > 0;
  },

  async cdcCursor(q: Queryable, tenantId: string): Promise<Date | null> {
    const { rows } = await q.query<Raw>('SELECT cdc_since FROM sync_tenant_state WHERE tenant_id = $1', [
      tenantId,
    ]);
    const v = rows[0]?.cdc_since;
    return v ? new Date(v as string | Date) : null;
  },

  async setCdcCursor(q: Queryable, tenantId: string, since: Date): Promise<void> {
    await q.query(
      `INSERT INTO sync_tenant_state (tenant_id, cdc_since) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET cdc_since = EXCLUDED.cdc_since`,
      [tenantId, since],
    );
  },

  /** Two-way tenants with a live connection (webhook routing and CDC polling). */
  async twoWayTenants(q: Queryable): Promise<{ tenantId: string; realmId: string }[]> {
    const { rows } = await q.query<Raw>(
      `SELECT c.tenant_id, c.realm_id FROM connections c JOIN integration_settings s ON s.tenant_id = c.tenant_id
        WHERE c.status = 'connected' AND s.customer_direction = 'two_way' AND c.realm_id IS NOT NULL`,
    );
    return rows.map((r) => ({ tenantId: String(r.tenant_id), realmId: String(r.realm_id) }));
  },
};
