import { classifyQboError } from '@exoserva/sync-core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import type { Clock } from '../ports/clock.ts';
import { deadLetterStore } from '../stores/dead-letter-store.ts';
import type { Database } from '../ports/database.ts';
import type { IntuitAuth } from '../ports/intuit-auth.ts';
import { meteredCallsStore } from '../stores/metered-calls-store.ts';
import { meterClassOf, meterMonthOf } from './metered-calls.ts';
import { createMetrics, HTTP_BUCKETS_S, LATENCY_BUCKETS_S } from './metrics.ts';

type AnyResult = { ok: boolean; error?: unknown };

/**
 * The BFF's metrics and the decorators that feed them. Ports are wrapped at the composition root, so the
 * services and the sync engine count nothing themselves (except one hook where a record lands).
 */
export function createBffMetrics(options: { db: Database; clock: Clock }) {
  const { db, clock } = options;
  const m = createMetrics();
  const httpRequests = m.counter(
    'bff_http_requests_total',
    'HTTP requests by method, route pattern and status',
  );
  const httpDuration = m.histogram(
    'bff_http_request_duration_seconds',
    'HTTP request duration by method and route pattern',
    HTTP_BUCKETS_S,
  );
  const rateLimited = m.counter('bff_rate_limited_total', 'Requests refused by the per-session rate limit');
  const qboCalls = m.counter(
    'bff_qbo_calls_total',
    'QuickBooks API calls by api (sync, chart, company), operation and outcome (ok or a sync-core failure code)',
  );
  const meteredCalls = m.counter(
    'bff_qbo_metered_calls_total',
    "Intuit's metered (CorePlus) calls — reads, queries, reports, change data capture — by api and operation",
  );
  const qboThrottled = m.counter(
    'bff_qbo_throttled_total',
    'QuickBooks answers that were throttling (429 / 3001)',
  );
  const tokenRefreshes = m.counter(
    'bff_token_refreshes_total',
    'Intuit refresh-token grants by outcome (ok, invalid_grant, invalid_client, unavailable, rejected)',
  );
  const synced = m.counter(
    'bff_sync_records_synced_total',
    'Records written to QuickBooks by kind and operation',
  );
  const syncLatency = m.histogram(
    'bff_sync_latency_seconds',
    'From a record waiting in the queue (pending_since) to it landing in QuickBooks, by kind',
    LATENCY_BUCKETS_S,
  );
  m.gauge(
    'bff_event_dead_letters',
    'Signed Exoserva events kept for the operator because the BFF could not take them (GET /operator/event-dead-letters)',
    async () => [{ labels: {}, value: await deadLetterStore.count(options.db) }],
  );
  m.gauge('bff_sync_queue_items', 'Sync work rows by state (all tenants)', async () => {
    const { rows } = await db.query<{ state: string; n: number }>(
      'SELECT state, count(*)::integer AS n FROM sync_work GROUP BY state',
    );
    const by = new Map(rows.map((r) => [r.state, Number(r.n)]));
    return ['pending', 'done', 'failed', 'blocked'].map((state) => ({
      labels: { state },
      value: by.get(state) ?? 0,
    }));
  });
  m.gauge(
    'bff_sync_queue_oldest_due_seconds',
    'How long the oldest claimable pending item (connected tenant, auto-sync or Sync Now) has been due',
    async () => [{ labels: {}, value: (await oldestDueMs(db, new Date(clock.now()))) / 1000 }],
  );

  // The process's own memory, under the names Prometheus' Node.js clients use, so a dashboard can tell the V8 heap
  // (garbage-collected JavaScript) from the rest of the resident set (native buffers, allocator arenas, PGlite).
  m.gauge('process_resident_memory_bytes', 'Resident memory size in bytes', async () => [
    { labels: {}, value: process.memoryUsage.rss() },
  ]);
  m.gauge('nodejs_heap_size_total_bytes', 'V8 heap size reserved, in bytes', async () => [
    { labels: {}, value: process.memoryUsage().heapTotal },
  ]);
  m.gauge('nodejs_heap_size_used_bytes', 'V8 heap size in use, in bytes', async () => [
    { labels: {}, value: process.memoryUsage().heapUsed },
  ]);
  m.gauge(
    'nodejs_external_memory_bytes',
    'Memory of C++ objects bound to JavaScript (incl. buffers), in bytes',
    async () => [{ labels: {}, value: process.memoryUsage().external }],
  );

  function outcomeOf(result: AnyResult): string {
    if (result.ok) return 'ok';
    const err = result.error as { kind?: string } | undefined;
    // The chart and company ports already classify (kind); the sync port hands over the raw error.
    if (
      err &&
      typeof err.kind === 'string' &&
      ['unauthorized', 'unavailable', 'throttled', 'fault'].includes(err.kind)
    ) {
      return err.kind;
    }
    return classifyQboError(result.error, { now: clock.now() }).code;
  }

  /**
   * One metered call: app-wide on /metrics, and per company and month in the database for the operator's view
   * (every instance adds to the same rows). Never in the call's way: a failed count is dropped.
   */
  function countMetered(api: string, operation: string, access: unknown) {
    meteredCalls.inc({ api, operation });
    const realmId = (access as { realmId?: unknown } | null)?.realmId;
    if (typeof realmId !== 'string') return;
    void meteredCallsStore.add(db, realmId, meterMonthOf(clock.now()), api).catch(() => undefined);
  }

  /** Counts every call of a QuickBooks port by its result. */
  function wrapQbo<T extends object>(api: string, port: T): T {
    return new Proxy(port, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (meterClassOf(String(prop)) === 'coreplus') countMetered(api, String(prop), args[0]);
          try {
            const result = (await (value as (...a: unknown[]) => Promise<unknown>).apply(
              target,
              args,
            )) as AnyResult;
            if (result && typeof result === 'object' && 'ok' in result) {
              const outcome = outcomeOf(result);
              qboCalls.inc({ api, operation: String(prop), outcome });
              if (outcome === 'throttled') qboThrottled.inc();
            }
            return result;
          } catch (err) {
            qboCalls.inc({ api, operation: String(prop), outcome: 'exception' });
            throw err;
          }
        };
      },
    });
  }

  function wrapIntuitAuth(auth: IntuitAuth): IntuitAuth {
    return {
      authorizeUrl: (state) => auth.authorizeUrl(state),
      exchangeCode: (input) => auth.exchangeCode(input),
      revoke: (token) => auth.revoke(token),
      async refresh(refreshToken) {
        const result = await auth.refresh(refreshToken);
        tokenRefreshes.inc({ outcome: result.ok ? 'ok' : result.error.kind });
        return result;
      },
    };
  }

  /** Counts every request by its route pattern (never the raw path: ids would explode the series). */
  const httpMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const started = performance.now();
    await next();
    const matched = c.req.matchedRoutes.filter((r) => r.method !== 'ALL').at(-1);
    const route = matched?.path ?? 'unmatched';
    httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
    httpDuration.observe({ method: c.req.method, route }, (performance.now() - started) / 1000);
  };

  return {
    metrics: m,
    httpMiddleware,
    wrapQbo,
    wrapIntuitAuth,
    onRateLimited: () => rateLimited.inc(),
    /**
     * The sync engine's hook: a record landed in QuickBooks. Latency is measured from the row's
     * pending_since (005-operations.sql) as the claim read it — no query of its own per record.
     */
    onSynced(info: { kind: string; op: string; pendingSince: Date | null }): void {
      synced.inc({ kind: info.kind, op: info.op });
      if (info.pendingSince)
        syncLatency.observe(
          { kind: info.kind },
          Math.max(0, clock.now() - info.pendingSince.getTime()) / 1000,
        );
    },
  };
}

export type BffMetrics = ReturnType<typeof createBffMetrics>;

/**
 * How long the oldest item a worker could claim right now has been due (0 when none): the same filter as
 * the claim query, without the lock. Cheap: the partial index sync_work_due covers pending rows.
 */
export async function oldestDueMs(db: Database, now: Date): Promise<number> {
  const { rows } = await db.query<{ due: Date | string | null }>(
    `SELECT min(c.not_before) AS due FROM sync_work c
       JOIN connections conn ON conn.tenant_id = c.tenant_id AND conn.status = 'connected'
       LEFT JOIN integration_settings s ON s.tenant_id = c.tenant_id
      WHERE c.state = 'pending' AND c.not_before <= $1
        AND (c.lease_until IS NULL OR c.lease_until < $1)
        AND (c.run_now OR COALESCE(s.auto_sync, false))`,
    [now],
  );
  const due = rows[0]?.due;
  return due ? Math.max(0, now.getTime() - new Date(due).getTime()) : 0;
}
