import type { FailureFilter, SyncFailure, SyncFailureCode, SyncRecordKind } from '@exoserva/contracts';
import type { Queryable } from '../ports/database.ts';

/**
 * SQL behind the Sync Status dashboard: the Failed list with its filters and search, Ignore, and the bulk
 * Retry of a filter. Reads sync_work (004) and the sync log's labels (008).
 *
 * A row is ignored while it is failed and was ignored after it last failed (008-sync-log.sql): a later
 * failure of the same record shows up again without anyone clearing the flag.
 */
export const ignoredSql = (t: string) =>
  `(${t}.state = 'failed' AND ${t}.ignored_at IS NOT NULL AND coalesce(${t}.ignored_at >= ${t}.failed_at, true))`;
const IGNORED_SQL = ignoredSql('w');

/** The record's latest label from the log (the log keeps the newest entries of every record). */
const LABEL_SQL = `(SELECT l.label FROM sync_log l WHERE l.tenant_id = w.tenant_id AND l.kind = w.kind
    AND l.record_id = w.record_id AND l.label IS NOT NULL ORDER BY l.id DESC LIMIT 1)`;

type Raw = Record<string, unknown>;

export interface FailedRow {
  kind: SyncRecordKind;
  id: string;
  label: string | null;
  state: 'failed' | 'blocked';
  failure: SyncFailure;
  failedAt: Date;
  attempts: number;
  blockedBy: string[] | null;
  ignored: { at: Date; userId: string; name: string | null; reason: string } | null;
  qboId: string | null;
  /** What a bookkeeper recognises the record by, from the sync log (017): its amount and its customer's name. */
  amountCents: number | null;
  customerName: string | null;
}

/** Who ignored a row, when and why (the ignored_* columns of 008). */
const ignoredOf = (r: Raw): NonNullable<FailedRow['ignored']> => ({
  at: new Date(r.ignored_at as string | Date),
  userId: String(r.ignored_by),
  name: r.ignored_by_name === null ? null : String(r.ignored_by_name),
  reason: String(r.ignored_reason),
});

/** WHERE clauses and parameters for a filter; `$1` is always the tenant. */
function where(filter: FailureFilter, params: unknown[]): string {
  const clauses = [`w.tenant_id = $1`, `w.kind <> 'qbo_customer'`];
  if (filter.ignored) clauses.push(IGNORED_SQL);
  else clauses.push(`w.state IN ('failed', 'blocked')`, `NOT ${IGNORED_SQL}`);
  if (filter.kind) {
    params.push(filter.kind);
    clauses.push(`w.kind = $${params.length}`);
  }
  if (filter.code) {
    params.push(filter.code);
    clauses.push(`w.failure->>'code' = $${params.length}`);
  }
  const search = filter.search?.trim().toLowerCase();
  if (search) {
    // position() rather than LIKE: what the admin types is matched literally (no % or _ wildcards).
    params.push(search);
    const n = params.length;
    clauses.push(
      `(position($${n} in lower(w.record_id)) > 0 OR position($${n} in lower(coalesce(${LABEL_SQL}, ''))) > 0)`,
    );
  }
  return clauses.join(' AND ');
}

export const syncStatusStore = {
  /** Failed (not ignored) and ignored counts: the Failed counter leaves ignored records out. */
  async counts(q: Queryable, tenantId: string): Promise<{ failed: number; ignored: number }> {
    const { rows } = await q.query<Raw>(
      `SELECT count(*) FILTER (WHERE NOT ${IGNORED_SQL}) AS failed, count(*) FILTER (WHERE ${IGNORED_SQL}) AS ignored
         FROM sync_work w WHERE w.tenant_id = $1 AND w.state = 'failed' AND w.kind <> 'qbo_customer'`,
      [tenantId],
    );
    return { failed: Number(rows[0]?.failed ?? 0), ignored: Number(rows[0]?.ignored ?? 0) };
  },

  async search(
    q: Queryable,
    tenantId: string,
    filter: FailureFilter,
    page: { limit: number; offset: number },
    realmId: string | null,
  ): Promise<{ rows: FailedRow[]; total: number }> {
    const params: unknown[] = [tenantId];
    const clause = where(filter, params);
    params.push(realmId, page.limit, page.offset);
    const n = params.length;
    const { rows } = await q.query<Raw>(
      `SELECT w.kind, w.record_id, w.state, w.failure, w.failed_at, w.attempts, w.blocked_by, w.ignored_at,
              w.ignored_by, w.ignored_by_name, w.ignored_reason, ${LABEL_SQL} AS label, k.qbo_id,
              m.amount_cents, cn.label AS customer_name, count(*) OVER () AS total
         FROM sync_work w
         LEFT JOIN qbo_links k ON k.tenant_id = w.tenant_id AND k.realm_id = $${n - 2}
           AND k.entity_type = w.kind AND k.exoserva_id = w.record_id
         LEFT JOIN LATERAL (SELECT l.amount_cents, l.customer_id FROM sync_log l
                             WHERE l.tenant_id = w.tenant_id AND l.kind = w.kind AND l.record_id = w.record_id
                               AND (l.amount_cents IS NOT NULL OR l.customer_id IS NOT NULL)
                             ORDER BY l.id DESC LIMIT 1) m ON true
         LEFT JOIN LATERAL (SELECT l.label FROM sync_log l
                             WHERE l.tenant_id = w.tenant_id AND l.kind = 'customer' AND l.record_id = m.customer_id
                               AND w.kind <> 'customer' AND l.label IS NOT NULL
                             ORDER BY l.id DESC LIMIT 1) cn ON true
        WHERE ${clause}
        ORDER BY w.failed_at DESC NULLS LAST, w.kind_rank, w.record_id
        LIMIT $${n - 1} OFFSET $${n}`,
      params,
    );
    const ignored = filter.ignored === true;
    return {
      total: Number(rows[0]?.total ?? 0),
      rows: rows.map((r) => ({
        kind: String(r.kind) as SyncRecordKind,
        id: String(r.record_id),
        label: r.label === null || r.label === undefined ? null : String(r.label),
        state: String(r.state) as FailedRow['state'],
        failure: r.failure as SyncFailure,
        failedAt: new Date((r.failed_at as string | Date | null) ?? 0),
        attempts: Number(r.attempts),
        blockedBy: (r.blocked_by as string[] | null) ?? null,
        ignored: ignored ? ignoredOf(r) : null,
        qboId: r.qbo_id === null || r.qbo_id === undefined ? null : String(r.qbo_id),
        amountCents: r.amount_cents === null || r.amount_cents === undefined ? null : Number(r.amount_cents),
        customerName:
          r.customer_name === null || r.customer_name === undefined ? null : String(r.customer_name),
      })),
    };
  },

  /** Open failures by code and by kind (filter menus). */
  async breakdown(
    q: Queryable,
    tenantId: string,
  ): Promise<{
    codes: { code: SyncFailureCode; count: number }[];
    kinds: { kind: SyncRecordKind; count: number }[];
  }> {
    const { rows } = await q.query<Raw>(
      `SELECT w.kind, w.failure->>'code' AS code, count(*) AS n FROM sync_work w
        WHERE w.tenant_id = $1 AND w.kind <> 'qbo_customer' AND w.state IN ('failed', 'blocked') AND NOT ${IGNORED_SQL}
        GROUP BY 1, 2`,
      [tenantId],
    );
    const codes = new Map<string, number>();
    const kinds = new Map<string, number>();
    for (const r of rows) {
      const n = Number(r.n);
      codes.set(String(r.code), (codes.get(String(r.code)) ?? 0) + n);
      kinds.set(String(r.kind), (kinds.get(String(r.kind)) ?? 0) + n);
    }
    const sorted = <T extends string>(m: Map<string, number>) =>
      [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])) as [T, number][];
    return {
      codes: sorted<SyncFailureCode>(codes).map(([code, count]) => ({ code, count })),
      kinds: sorted<SyncRecordKind>(kinds).map(([kind, count]) => ({ kind, count })),
    };
  },

  /** The row's state for one record, or null when this tenant's queue never held it. */
  async record(
    q: Queryable,
    key: { tenantId: string; kind: SyncRecordKind; recordId: string },
  ): Promise<{
    state: 'pending' | 'done' | 'failed' | 'blocked';
    held: boolean;
    ignored: FailedRow['ignored'];
    failure: SyncFailure | null;
  } | null> {
    const { rows } = await q.query<Raw>(
      `SELECT w.state, w.held_since, w.failure, w.ignored_at, w.ignored_by, w.ignored_by_name, w.ignored_reason,
              ${IGNORED_SQL} AS is_ignored
         FROM sync_work w WHERE w.tenant_id = $1 AND w.kind = $2 AND w.record_id = $3`,
      [key.tenantId, key.kind, key.recordId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      state: String(r.state) as 'pending' | 'done' | 'failed' | 'blocked',
      held: r.held_since !== null && r.held_since !== undefined,
      failure: (r.failure as SyncFailure | null) ?? null,
      ignored: r.is_ignored ? ignoredOf(r) : null,
    };
  },

  /** Marks a failed, not yet ignored record as ignored; false when it is not (or no longer) in that state. */
  async ignore(
    q: Queryable,
    key: { tenantId: string; kind: SyncRecordKind; recordId: string },
    input: { at: Date; userId: string; name: string | null; reason: string },
  ): Promise<boolean> {
    const { rowCount } = await q.query(
      `UPDATE sync_work w SET ignored_at = $4, ignored_by = $5, ignored_by_name = $6, ignored_reason = $7
        WHERE w.tenant_id = $1 AND w.kind = $2 AND w.record_id = $3 AND w.state = 'failed' AND NOT ${IGNORED_SQL}`,
      [key.tenantId, key.kind, key.recordId, input.at, input.userId, input.name, input.reason],
    );
    return rowCount === 1;
  },

  /** Clears an ignore; false when the record is not ignored. */
  async unignore(
    q: Queryable,
    key: { tenantId: string; kind: SyncRecordKind; recordId: string },
  ): Promise<boolean> {
    const { rowCount } = await q.query(
      `UPDATE sync_work w SET ignored_at = NULL, ignored_by = NULL, ignored_by_name = NULL, ignored_reason = NULL
        WHERE w.tenant_id = $1 AND w.kind = $2 AND w.record_id = $3 AND ${IGNORED_SQL}`,
      [key.tenantId, key.kind, key.recordId],
    );
    return rowCount === 1;
  },

  /**
   * Retry: the listed records, or every open failure matching `filter`, go back to pending now (their
   * blocked dependents follow when they land). Ignored records are never retried in bulk.
   */
  async retry(
    q: Queryable,
    tenantId: string,
    now: Date,
    target: { refs: string[] } | { filter: FailureFilter },
  ): Promise<number> {
    const params: unknown[] = [tenantId];
    const clause =
      'refs' in target
        ? (params.push(target.refs),
          `w.tenant_id = $1 AND (w.kind || ':' || w.record_id) = ANY($2::text[]) AND w.state IN ('failed', 'blocked') AND NOT ${IGNORED_SQL}`)
        : where({ ...target.filter, ignored: false }, params);
    params.push(now);
    const { rowCount } = await q.query(
      `UPDATE sync_work w SET state = 'pending', run_now = true, not_before = $${params.length},
         updated_at = $${params.length}, attempts = 0, failure = NULL, blocked_by = NULL
        WHERE ${clause}`,
      params,
    );
    return rowCount;
  },
};
