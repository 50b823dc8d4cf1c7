import type { SyncFailure, TimelineEntry, TimelineEvent } from '@exoserva/contracts';
import type { Queryable } from '../ports/database.ts';

/**
 * The per-record sync log (008-sync-log.sql): what the engine did with each record and what admins did
 * about its failures. "queued" entries come from a trigger on sync_work; everything else is appended here.
 * Appends are one INSERT, inside the caller's transaction when it has one.
 */
export interface SyncLogInput {
  tenantId: string;
  kind: string;
  recordId: string;
  at: Date;
  event: Exclude<TimelineEvent, 'queued'>;
  operation?: 'create' | 'update' | 'void' | 'delete' | null;
  recordVersion?: number | null;
  label?: string | null;
  qboId?: string | null;
  syncToken?: string | null;
  requestId?: string | null;
  intuitTid?: string | null;
  /** The QuickBooks body sent. The engine's mapped entity carries no credentials. */
  payload?: object | null;
  failure?: SyncFailure | null;
  detail?: string | null;
  actor?: { userId: string; name: string | null } | null;
  /** The record's amount in cents (invoice total, payment, refund, payout net) and its customer: search. */
  amountCents?: number | null;
  customerId?: string | null;
}

/** A record "Follow one record" found. */
export interface RecordMatch {
  kind: string;
  recordId: string;
  label: string | null;
  customerName: string | null;
  amountCents: number | null;
  lastActivityAt: string;
  state: string | null;
}

/** Keeps the log bounded: how long entries live, and how many a single record keeps. */
export const SYNC_LOG_RETENTION = { maxAgeDays: 90, perRecord: 50 } as const;

const COLUMNS =
  'tenant_id, kind, record_id, at, event, operation, record_version, label, qbo_id, sync_token, request_id, intuit_tid, payload, failure, detail, actor_user_id, actor_name, amount_cents, customer_id';
const PER_ROW = 19;

function values(e: SyncLogInput): unknown[] {
  return [
    e.tenantId,
    e.kind,
    e.recordId,
    e.at,
    e.event,
    e.operation ?? null,
    e.recordVersion ?? null,
    e.label ?? null,
    e.qboId ?? null,
    e.syncToken ?? null,
    e.requestId ?? null,
    e.intuitTid ?? null,
    e.payload ? JSON.stringify(e.payload) : null,
    e.failure ? JSON.stringify(e.failure) : null,
    e.detail ?? null,
    e.actor?.userId ?? null,
    e.actor?.name ?? null,
    e.amountCents ?? null,
    e.customerId ?? null,
  ];
}

const placeholders = (row: number, offset: number) =>
  `(${Array.from({ length: PER_ROW }, (_, i) => {
    const n = offset + row * PER_ROW + i + 1;
    // payload and failure are JSON text parameters.
    return i === 12 || i === 13 ? `$${n}::jsonb` : `$${n}`;
  }).join(', ')})`;

/**
 * The INSERT of `entries` as SQL whose parameters are numbered after `offset` — alone (appendMany) or as one part
 * of a larger statement (syncStore.recordLanded).
 */
export function insertLogSql(
  entries: readonly SyncLogInput[],
  offset = 0,
): { sql: string; params: unknown[] } {
  return {
    sql: `INSERT INTO sync_log (${COLUMNS}) VALUES ${entries.map((_, i) => placeholders(i, offset)).join(', ')}`,
    params: entries.flatMap(values),
  };
}

type Raw = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString();
const json = <T>(v: unknown): T | null =>
  v === null || v === undefined ? null : ((typeof v === 'string' ? JSON.parse(v) : v) as T);

function toEntry(r: Raw): TimelineEntry {
  return {
    id: String(r.id),
    at: iso(r.at),
    event: String(r.event) as TimelineEvent,
    operation: (str(r.operation) as TimelineEntry['operation']) ?? null,
    recordVersion:
      r.record_version === null || r.record_version === undefined ? null : Number(r.record_version),
    qboId: str(r.qbo_id),
    syncToken: str(r.sync_token),
    requestId: str(r.request_id),
    intuitTid: str(r.intuit_tid),
    payload: json<Record<string, unknown>>(r.payload),
    failure: json<SyncFailure>(r.failure),
    detail: str(r.detail),
    actorName: str(r.actor_name),
  };
}

export const syncLogStore = {
  async append(q: Queryable, entry: SyncLogInput): Promise<void> {
    await syncLogStore.appendMany(q, [entry]);
  },

  /** Several entries in one statement (a batch request sends up to 30 records at once). */
  async appendMany(q: Queryable, entries: readonly SyncLogInput[]): Promise<void> {
    if (entries.length === 0) return;
    const { sql, params } = insertLogSql(entries);
    await q.query(sql, params);
  },

  /** The newest `limit` entries of one record, oldest first; `truncated` when older ones exist. */
  async timeline(
    q: Queryable,
    key: { tenantId: string; kind: string; recordId: string },
    limit: number = SYNC_LOG_RETENTION.perRecord,
  ): Promise<{ entries: TimelineEntry[]; truncated: boolean }> {
    const { rows } = await q.query<Raw>(
      `SELECT * FROM sync_log WHERE tenant_id = $1 AND kind = $2 AND record_id = $3 ORDER BY id DESC LIMIT $4`,
      [key.tenantId, key.kind, key.recordId, limit + 1],
    );
    const truncated = rows.length > limit;
    return { entries: rows.slice(0, limit).reverse().map(toEntry), truncated };
  },

  /**
   * Records whose latest logged label, id or customer's name contains `text`, or whose amount is `amountCents`,
   * newest activity first, with their queue state: "Follow one record" by what an admin sees. Only records the
   * engine has logged within SYNC_LOG_RETENTION are found.
   */
  async searchRecords(
    q: Queryable,
    tenantId: string,
    query: { text: string; amountCents: number | null },
    limit = 20,
  ): Promise<RecordMatch[]> {
    const { rows } = await q.query<Raw>(
      `WITH latest AS (
         SELECT DISTINCT ON (kind, record_id) kind, record_id, label, amount_cents, customer_id, at
           FROM sync_log
          WHERE tenant_id = $1 AND (label IS NOT NULL OR amount_cents IS NOT NULL)
          ORDER BY kind, record_id, id DESC
       ), names AS (
         SELECT DISTINCT ON (record_id) record_id, label FROM sync_log
          WHERE tenant_id = $1 AND kind = 'customer' AND label IS NOT NULL
          ORDER BY record_id, id DESC
       )
       SELECT l.kind, l.record_id, l.label, l.amount_cents, l.at, n.label AS customer_name, w.state
         FROM latest l
         LEFT JOIN names n ON n.record_id = COALESCE(l.customer_id, CASE WHEN l.kind = 'customer' THEN l.record_id END)
         LEFT JOIN sync_work w ON w.tenant_id = $1 AND w.kind = l.kind AND w.record_id = l.record_id
        -- position() rather than LIKE: what the admin types is matched literally (no % or _ wildcards).
        WHERE ($2 <> '' AND (position($2 in lower(coalesce(l.label, ''))) > 0
                OR position($2 in lower(l.record_id)) > 0
                OR position($2 in lower(coalesce(n.label, ''))) > 0))
           OR l.amount_cents = $3
        ORDER BY l.at DESC
        LIMIT $4`,
      [tenantId, query.text.trim().toLowerCase(), query.amountCents, limit],
    );
    return rows.map((r) => ({
      kind: String(r.kind),
      recordId: String(r.record_id),
      label: str(r.label),
      customerName: str(r.customer_name),
      amountCents: r.amount_cents === null || r.amount_cents === undefined ? null : Number(r.amount_cents),
      lastActivityAt: iso(r.at),
      state: str(r.state),
    }));
  },

  /** The record's most recent label (customer name, invoice number…), if the engine ever read it. */
  async label(
    q: Queryable,
    key: { tenantId: string; kind: string; recordId: string },
  ): Promise<string | null> {
    const { rows } = await q.query<Raw>(
      `SELECT label FROM sync_log WHERE tenant_id = $1 AND kind = $2 AND record_id = $3 AND label IS NOT NULL
        ORDER BY id DESC LIMIT 1`,
      [key.tenantId, key.kind, key.recordId],
    );
    return str(rows[0]?.label);
  },

  /** Synced and failed entries per hour (UTC) since `from`; hours without any are left out. */
  async activity(
    q: Queryable,
    tenantId: string,
    from: Date,
  ): Promise<{ hour: Date; synced: number; failed: number }[]> {
    const { rows } = await q.query<Raw>(
      `SELECT floor(extract(epoch FROM at) / 3600)::bigint AS hour,
              -- A record re-sent unchanged (detail 'unchanged') wrote nothing to QuickBooks: not activity.
              count(*) FILTER (WHERE event = 'synced' AND detail IS DISTINCT FROM 'unchanged') AS synced,
              count(*) FILTER (WHERE event = 'failed') AS failed
         FROM sync_log WHERE tenant_id = $1 AND event IN ('synced', 'failed') AND at >= $2
        GROUP BY 1 ORDER BY 1`,
      [tenantId, from],
    );
    return rows.map((r) => ({
      // Hours since the epoch: no time zone is involved on either engine.
      hour: new Date(Number(r.hour) * 3_600_000),
      synced: Number(r.synced),
      failed: Number(r.failed),
    }));
  },

  /**
   * Bounds the log: entries older than `before` go, and every record that got entries since `touchedSince`
   * keeps only its newest `perRecord`. Run by the maintenance job (never on the sync's hot path); each call
   * deletes at most `batch` old rows so a large backlog drains over several runs without a long lock.
   */
  async prune(
    q: Queryable,
    input: { before: Date; touchedSince: Date; perRecord?: number; batch?: number },
  ): Promise<{ aged: number; capped: number }> {
    const aged = await q.query(
      `DELETE FROM sync_log WHERE id IN (SELECT id FROM sync_log WHERE at < $1 ORDER BY at LIMIT $2)`,
      [input.before, input.batch ?? 10_000],
    );
    const capped = await q.query(
      `DELETE FROM sync_log WHERE id IN (
         SELECT id FROM (
           SELECT l.id, row_number() OVER (PARTITION BY l.tenant_id, l.kind, l.record_id ORDER BY l.id DESC) AS rn
             FROM sync_log l
             JOIN (SELECT DISTINCT tenant_id, kind, record_id FROM sync_log WHERE at >= $1) t
               ON t.tenant_id = l.tenant_id AND t.kind = l.kind AND t.record_id = l.record_id
         ) ranked WHERE rn > $2)`,
      [input.touchedSince, input.perRecord ?? SYNC_LOG_RETENTION.perRecord],
    );
    return { aged: aged.rowCount, capped: capped.rowCount };
  },
};
