/**
 * The sync engine: claims work from the shared queue, reads the records from Exoserva, plans what can go
 * now (sync-core's planner), maps (sync-core's mappers), writes to QuickBooks through the rate limiter
 * (single requests with a deterministic requestid, or batches for bursts), and records the outcome.
 *
 * Exactly once rests on three things: (1) the requestid is a function of the record version, operation and
 * payload, so a retried write is answered from Intuit's memory instead of being done again; (2) after an
 * ambiguous failure (dropped response, timeout, a reclaimed lease) the record is looked up in QuickBooks
 * before anything is created again (batches carry no requestid); (3) the id map is written in the same
 * transaction that marks the work done, guarded by the worker's lease.
 */
import type { MappingGuard } from './mapping-guard.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AccountMapping, ExoCustomer, SyncFailure, SyncRecordKind } from '@exoserva/contracts';
import {
  checkQboTotal,
  classifyQboError,
  DEFAULT_BACKOFF,
  dependenciesOf,
  failure as syncFailure,
  buildSparseUpdate,
  mapCustomer,
  nextRetry,
  payloadHash,
  planWork,
  refKey,
  requestIdFor,
  voidBody,
  type BackoffPolicy,
  type QboEntityName,
  type Random,
  type SyncRecord,
} from '@exoserva/sync-core';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { Database, Queryable } from '../ports/database.ts';
import type { ExoservaApi } from '../ports/exoserva-api.ts';
import type { QboCallContext, QboCallResult, QboEntity, QboSyncApi } from '../ports/qbo-sync-api.ts';
import { syncStore, refString, type LinkRow, type WorkKind, type WorkRow } from '../stores/sync-store.ts';
import { syncLogStore } from '../stores/sync-log-store.ts';
import { logEntry, recordLabel } from './sync-log-entries.ts';
import { notificationStore } from '../stores/notification-store.ts';
import { customerFields } from './qbo-customer-fields.ts';
import { prepare, type PrepareDeps } from './sync-prepare.ts';
import { paymentMethodResolver } from './payment-method-resolver.ts';
import type { Item, Outcome, TenantRun, Writable } from './sync-run.ts';
import { isOurs, LOOKUP_FIELD } from './qbo-lookup-rules.ts';
import type { QboRateLimiter, RateSlot } from './qbo-rate-limiter.ts';
import type { TokenService } from './token.service.ts';

export interface SyncEngineOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  tokens: Pick<TokenService, 'getAccessToken' | 'markNeedsReconnect'>;
  exoserva: ExoservaApi;
  qbo: QboSyncApi;
  limiter: QboRateLimiter;
  random?: Random;
  backoff?: Partial<BackoffPolicy>;
  /** How long a claim holds before another worker may take the row over. Default 60 s. */
  leaseMs?: number;
  /** Rows per claim. Default 60. */
  claimLimit?: number;
  /** Creates per batch request; 1 turns batching off. Default 30 (Intuit's recommended maximum). */
  batchSize?: number;
  /** How soon a record waiting for a dependency is looked at again. Default 100 ms. */
  waitingDelayMs?: number;
  /** Delay after a 429 (our limiter keeps us under Intuit's limits; a 429 means skew). Default 1 s. */
  throttledDelayMs?: number;
  /**
   * How often a worker extends the leases of the rows it is still working on (default leaseMs / 3; 0 = never,
   * which only tests use to play a dead process). Without it a claim that waits on the rate limiter longer
   * than the lease would be taken over while its first owner may still write.
   */
  heartbeatMs?: number;
  /** True when reads that can wait should (the app nears Intuit's metered allowance: metered-budget.ts). */
  deferNonEssentialReads?: () => Promise<boolean>;
  /** Holds records that would post to a mapped account or item gone from QuickBooks (mapping-guard.ts). */
  mappingGuard?: MappingGuard;
  /** Called once a record has landed in QuickBooks and its work row is done (metrics). */
  onSynced?: (info: {
    tenantId: string;
    kind: string;
    recordId: string;
    qboId: string;
    op: string;
    /** When the record started waiting (its claimed queue row): the latency metric's start. */
    pendingSince: Date | null;
  }) => void;
}

/** Records sent one by one between two looks at the batch budget, once it is spent (≈ the per-second limit). */
const SINGLES_BETWEEN_BATCH_LOOKS = 8;

export function createSyncEngine(options: SyncEngineOptions) {
  const { db, clock, logger, tokens, exoserva, qbo, limiter } = options;
  const random = options.random ?? Math.random;
  const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, ...options.backoff };
  const leaseMs = options.leaseMs ?? 60_000;
  const claimLimit = options.claimLimit ?? 60;
  const batchSize = Math.min(30, Math.max(1, options.batchSize ?? 30));
  const waitingDelayMs = options.waitingDelayMs ?? 100;
  const throttledDelayMs = options.throttledDelayMs ?? 1000;
  const heartbeatMs = options.heartbeatMs ?? Math.floor((options.leaseMs ?? 60_000) / 3);
  const now = () => new Date(clock.now());
  const later = (ms: number) => new Date(clock.now() + ms);

  // ---- QuickBooks calls: limiter slot, token refresh once on 401, classification ---------------------

  async function call<T>(
    run: TenantRun,
    fn: (ctx: QboCallContext) => Promise<QboCallResult<T>>,
    opts: { batch?: boolean; slot?: RateSlot; payload?: unknown } = {},
  ): Promise<{ ok: true; value: T; intuitTid?: string } | { ok: false; failure: SyncFailure }> {
    let slot: RateSlot | undefined = opts.slot;
    for (let attempt = 0; ; attempt++) {
      slot ??= await limiter.acquire(run.ctx.realmId, { batch: opts.batch ?? false });
      const used = run.ctx;
      let result: QboCallResult<T>;
      try {
        result = await fn(used);
      } finally {
        await slot.release();
        slot = undefined;
      }
      if (result.ok) return result;
      const failure = classifyQboError(result.error, {
        now: clock.now(),
        afterRefresh: attempt > 0,
        ...(opts.payload === undefined ? {} : { payload: opts.payload }),
      });
      if (failure.refreshToken && attempt === 0) {
        const fresh = await tokens.getAccessToken(run.tenantId, { rejectedToken: used.accessToken });
        if (fresh.ok) {
          run.ctx = { realmId: fresh.value.realmId, accessToken: fresh.value.accessToken };
          continue;
        }
        if (fresh.error.code === 'qbo_reauth_required') {
          return {
            ok: false,
            failure: syncFailure('reconnect', 'reauth_required', 'Reconnect QuickBooks', fresh.error.message),
          };
        }
        return { ok: false, failure: { ...failure, refreshToken: false } };
      }
      return { ok: false, failure };
    }
  }

  // ---- reading and preparing -------------------------------------------------------------------

  const prepareDeps: PrepareDeps = {
    exoserva,
    paymentMethods: paymentMethodResolver({ db, qbo, call: (run, fn) => call(run, fn), now }),
  };

  async function readRecord(
    tenantId: string,
    row: WorkRow,
  ): Promise<
    | { ok: true; sync: SyncRecord }
    | { ok: false; action: 'complete' | 'wait' | 'retry' | 'fail'; message: string }
  > {
    const kind = row.kind as SyncRecordKind;
    const res = await exoserva.getRecord(tenantId, kind, row.recordId);
    if (!res.ok) {
      if (res.error.kind === 'not_found')
        return { ok: false, action: 'complete', message: res.error.message };
      if (res.error.kind === 'unavailable') return { ok: false, action: 'retry', message: res.error.message };
      return { ok: false, action: 'fail', message: res.error.message };
    }
    // The event named a version the API doesn't serve yet (a lagging replica): look again shortly.
    if (res.value.version < row.minVersion)
      return { ok: false, action: 'wait', message: 'record version lags the event' };
    return { ok: true, sync: { kind, record: res.value } as SyncRecord };
  }

  // ---- writing -------------------------------------------------------------------------------------

  /** The sync log's "sent" entry: the body and requestid, just before the request goes out. */
  function logSent(item: Item, operation: 'create' | 'update' | 'void', body: object, requestId: string) {
    return syncLogStore.append(db, logEntry(item, now(), 'sent', { operation, payload: body, requestId }));
  }

  async function writeOne(run: TenantRun, p: Writable): Promise<Outcome> {
    const { item } = p;
    const kind = item.sync.kind;
    const version = item.sync.record.version;
    if (p.op === 'create') {
      const requestId = requestIdFor({
        tenantId: run.tenantId,
        kind,
        recordId: item.ref.exoId,
        recordVersion: version,
        operation: 'create',
        payloadHash: p.hash ?? undefined,
        attempt: item.row.requestAttempt,
      });
      await logSent(item, 'create', p.body, requestId);
      const created = await call(run, (ctx) => qbo.create(ctx, p.entity, p.body, requestId), {
        payload: p.body,
      });
      return created.ok ? { ok: true, entity: created.value, intuitTid: created.intuitTid } : created;
    }
    const link = p.link as LinkRow;
    let target = { Id: link.qboId, SyncToken: link.syncToken };
    for (let reread = 0; ; reread++) {
      let body: Record<string, unknown>;
      let result: Awaited<ReturnType<typeof call<QboEntity>>>;
      if (p.op === 'void') {
        body = voidBody(target) as unknown as Record<string, unknown>;
        const requestId = requestIdFor({
          tenantId: run.tenantId,
          kind,
          recordId: item.ref.exoId,
          recordVersion: version,
          operation: 'void',
          payloadHash: payloadHash(body),
          attempt: item.row.requestAttempt,
        });
        await logSent(item, 'void', body, requestId);
        result = await call(run, (ctx) => qbo.voidInvoice(ctx, target, requestId));
      } else {
        const sparse = buildSparseUpdate(p.body, target, link.lastBody ?? undefined);
        if (!sparse.changed) return { ok: true, entity: { Id: link.qboId, SyncToken: link.syncToken } };
        body = sparse.body;
        const requestId = requestIdFor({
          tenantId: run.tenantId,
          kind,
          recordId: item.ref.exoId,
          recordVersion: version,
          operation: 'update',
          payloadHash: payloadHash(body),
          attempt: item.row.requestAttempt,
        });
        await logSent(item, 'update', body, requestId);
        result = await call(run, (ctx) => qbo.update(ctx, p.entity, body, requestId), { payload: body });
      }
      if (result.ok || !result.failure.reread || reread >= 2)
        return result.ok ? { ok: true, entity: result.value, intuitTid: result.intuitTid } : result;
      // 5010 Stale Object: someone (QuickBooks itself, when a payment is applied) moved the SyncToken.
      const fresh = await call(run, (ctx) => qbo.read(ctx, p.entity, link.qboId));
      if (!fresh.ok) return fresh;
      target = { Id: link.qboId, SyncToken: String(fresh.value.SyncToken) };
    }
  }

  /**
   * After an ambiguous attempt: find what may already be in QuickBooks, per entity, with one query each.
   * Records whose lookup itself failed are in `unknown`: they must not be created blind.
   */
  async function lookUp(
    run: TenantRun,
    group: Writable[],
  ): Promise<Map<string, QboEntity> & { unknown?: Map<string, SyncFailure> }> {
    const found: Map<string, QboEntity> & { unknown?: Map<string, SyncFailure> } = new Map();
    found.unknown = new Map();
    const byEntity = new Map<QboEntityName, Writable[]>();
    for (const p of group) byEntity.set(p.entity, [...(byEntity.get(p.entity) ?? []), p]);
    for (const [entity, list] of byEntity) {
      const spec = LOOKUP_FIELD[entity];
      const values = [...new Set(list.map((p) => spec.value(p.body)))];
      const res = await call(run, (ctx) => qbo.findIn(ctx, entity, spec.field, values));
      if (!res.ok) {
        for (const p of list) found.unknown.set(p.item.rk, { ...res.failure, ambiguous: true });
        continue;
      }
      for (const p of list) {
        const hit = res.value.find((e) => isOurs(entity, e, p.body, p.item.ref.exoId));
        if (hit) found.set(p.item.rk, hit);
      }
    }
    // A customer found by name must not already belong to another Exoserva customer.
    for (const [rk, entity] of found) {
      if (!rk.startsWith('customer:')) continue;
      const owner = await syncStore.linkByQboId(
        db,
        run.tenantId,
        run.ctx.realmId,
        'customer',
        String(entity.Id),
      );
      if (owner && refString('customer', owner.exoId) !== rk) found.delete(rk);
    }
    return found;
  }

  async function writeCreates(run: TenantRun, creates: Writable[]): Promise<Map<string, Outcome>> {
    const out = new Map<string, Outcome>();
    const ambiguous = creates.filter((p) => p.item.row.maybeSent || p.item.row.claims > 1);
    if (ambiguous.length > 0) {
      const found = await lookUp(run, ambiguous);
      for (const [rk, entity] of found) out.set(rk, { ok: true, entity });
      // Couldn't look: try again later rather than create blind (a batch carries no requestid).
      for (const [rk, failure] of found.unknown ?? []) out.set(rk, { ok: false, failure });
    }
    const maybeSent = new Set(ambiguous.map((p) => p.item.rk));
    // Customers, invoices and payments share a batch: everything here is ready (what it refers to is already
    // in QuickBooks), and a batch's items succeed or fail one by one. One batch per entity type cost a company
    // with one new record of each kind three requests of its budget, and the whole system three round trips.
    const todo = creates.filter((p) => !out.has(p.item.rk));
    const tasks: Promise<void>[] = [];
    for (let i = 0; i < todo.length; i += batchSize) {
      const chunk = todo.slice(i, i + batchSize);
      tasks.push(
        (async () => {
          // Records that may have landed before go one by one: a single create carries its requestid,
          // so Intuit answers a repeat with the original instead of a second record.
          const single = chunk.filter((p) => maybeSent.has(p.item.rk));
          const batchable = chunk.filter((p) => !maybeSent.has(p.item.rk));
          await Promise.all(single.map(async (p) => out.set(p.item.rk, await writeOne(run, p))));
          if (batchable.length === 0) return;
          // As a batch while the batch budget (40/min) lasts: one request slot carries up to 30 records. When
          // it is spent, a few go one by one on the per-request budget, then the batch budget is looked at
          // again — a batch slot freeing mid-chunk takes the rest, so neither budget idles while the other
          // works (the sliding windows free slots a few at a time, not at minute boundaries).
          let rest = batchable;
          while (rest.length > 0) {
            if (rest.length >= 2 && batchSize > 1) {
              const slot = await limiter.tryAcquire(run.ctx.realmId, { batch: true });
              if ('release' in slot) {
                for (const [rk, o] of await writeBatch(run, rest, slot)) out.set(rk, o);
                return;
              }
              if (slot.limit !== 'batchPerMinute') {
                await sleep(Math.min(slot.retryInMs, 1000) + Math.floor(random() * 15));
                continue;
              }
            }
            const next = rest.slice(0, SINGLES_BETWEEN_BATCH_LOOKS);
            rest = rest.slice(next.length);
            await Promise.all(next.map(async (p) => out.set(p.item.rk, await writeOne(run, p))));
          }
        })(),
      );
    }
    await Promise.all(tasks);
    return out;
  }

  async function writeBatch(
    run: TenantRun,
    chunk: Writable[],
    slot: RateSlot,
  ): Promise<Map<string, Outcome>> {
    const out = new Map<string, Outcome>();
    const items = chunk.map((p, i) => ({
      bId: `b${i}`,
      operation: 'create' as const,
      entity: p.entity,
      body: p.body,
    }));
    // A batch carries no requestid: the log says so by leaving it empty.
    await syncLogStore.appendMany(
      db,
      chunk.map((p) => logEntry(p.item, now(), 'sent', { operation: 'create', payload: p.body })),
    );
    const res = await call(run, (ctx) => qbo.batch(ctx, items), { batch: true, slot });
    if (!res.ok) {
      for (const p of chunk) out.set(p.item.rk, res);
      return out;
    }
    const byBid = new Map(res.value.map((r) => [r.bId, r]));
    chunk.forEach((p, i) => {
      const r = byBid.get(`b${i}`);
      if (!r) {
        out.set(p.item.rk, {
          ok: false,
          failure: syncFailure(
            'retryable',
            'qbo_unavailable',
            'QuickBooks skipped a record',
            'Exoserva retries automatically.',
            { ambiguous: true },
          ),
        });
      } else if ('entity' in r) out.set(p.item.rk, { ok: true, entity: r.entity, intuitTid: res.intuitTid });
      else
        out.set(p.item.rk, {
          ok: false,
          failure: classifyQboError(r.fault, { now: clock.now(), payload: p.body }),
        });
    });
    return out;
  }

  // ---- outcomes ----------------------------------------------------------------------------------

  async function succeed(run: TenantRun, p: Writable, entity: QboEntity, intuitTid?: string): Promise<void> {
    await succeedAll(run, [{ p, entity, intuitTid }]);
  }

  /**
   * Records that landed: their id-map rows, queue rows, unblocked dependents and timeline entries in one
   * statement, however many records a QuickBooks batch carried (a transaction per record cost six round trips a
   * record). A record whose total QuickBooks computed differently fails instead (needs a person), in the same
   * transaction.
   */
  async function succeedAll(
    run: TenantRun,
    landed: readonly { p: Writable; entity: QboEntity; intuitTid?: string | undefined }[],
  ): Promise<void> {
    if (landed.length === 0) return;
    const at = now();
    const results = landed.map(({ p, entity, intuitTid }) => {
      const kind = p.item.sync.kind;
      const totalCheck =
        p.op !== 'void' && p.totalCents !== undefined && entity.TotalAmt !== undefined
          ? checkQboTotal(`${kind} ${p.item.ref.exoId}`, p.totalCents, entity.TotalAmt as number)
          : undefined;
      const link = {
        tenantId: run.tenantId,
        realmId: run.ctx.realmId,
        kind,
        exoId: p.item.ref.exoId,
        qboId: String(entity.Id),
        syncToken: String(entity.SyncToken),
        payloadHash: p.hash,
        lastBody: p.body,
        mappingVersion: p.mappingVersion,
        recordVersion: p.item.sync.record.version,
        voided: p.op === 'void' || (p.link?.voided ?? false),
        qboUpdatedAt: (entity.MetaData as { LastUpdatedTime?: string } | undefined)?.LastUpdatedTime ?? null,
        now: at,
      };
      return { p, intuitTid, link, totalCheck };
    });
    const clean = results.filter((r) => !r.totalCheck);
    const record = (q: Queryable) =>
      syncStore.recordLanded(q, {
        tenantId: run.tenantId,
        owner: run.owner,
        now: at,
        links: results.map((r) => r.link),
        done: clean.map(({ p }) => ({ ...p.item.key, generation: p.item.row.generation })),
        unblock: clean.map(({ p }) => p.item.rk),
        logs: results.map(({ p, intuitTid, link, totalCheck }) =>
          logEntry(p.item, at, totalCheck ? 'failed' : 'synced', {
            operation: p.op,
            qboId: link.qboId,
            syncToken: link.syncToken,
            intuitTid: intuitTid ?? null,
            failure: totalCheck ?? null,
          }),
        ),
      });
    const mismatched = results.filter((r) => r.totalCheck);
    if (mismatched.length === 0) await record(db);
    else
      // Rare: a total QuickBooks computed differently also fails the record and raises its alert, atomically.
      await db.transaction(async (tx) => {
        await record(tx);
        for (const { p, totalCheck } of mismatched) {
          const failure = totalCheck as SyncFailure;
          await syncStore.fail(tx, p.item.key, run.owner, { state: 'failed', failure, now: at });
          await notificationStore.raiseRecordFailure(tx, {
            ...p.item.key,
            failure,
            label: recordLabel(p.item.sync),
            at,
          });
        }
      });
    for (const { p, link, totalCheck } of results) {
      const { item } = p;
      const kind = item.sync.kind;
      run.links.set(item.rk, {
        kind,
        exoId: item.ref.exoId,
        qboId: link.qboId,
        syncToken: link.syncToken,
        payloadHash: link.payloadHash,
        lastBody: link.lastBody,
        mappingVersion: link.mappingVersion,
        recordVersion: link.recordVersion,
        voided: link.voided,
        qboUpdatedAt: link.qboUpdatedAt,
      });
      if (totalCheck) run.blocked.add(item.rk);
      // The trail from event to QuickBooks: exoserva.event_received (eventId, kind, recordId) → this line.
      logger.info('sync.record_synced', {
        tenantId: run.tenantId,
        realmId: run.ctx.realmId,
        kind,
        recordId: item.ref.exoId,
        recordVersion: link.recordVersion,
        op: p.op,
        qboId: link.qboId,
        syncToken: link.syncToken,
        ...(totalCheck ? { totalMismatch: true } : {}),
      });
      if (!totalCheck) {
        options.onSynced?.({
          tenantId: run.tenantId,
          kind,
          recordId: item.ref.exoId,
          qboId: link.qboId,
          op: p.op,
          pendingSince: item.row.pendingSince,
        });
      }
    }
  }

  async function failItem(
    run: TenantRun,
    item: Item,
    failure: SyncFailure,
    opts: { maybeSent?: boolean } = {},
  ): Promise<void> {
    const maybeSent = opts.maybeSent ?? failure.ambiguous === true;
    if (failure.kind === 'reconnect') {
      run.reconnect ??= failure;
      await syncStore.retryLater(db, item.key, run.owner, {
        notBefore: later(1000),
        failure,
        countAttempt: false,
        maybeSent,
        now: now(),
      });
      return;
    }
    if (failure.kind === 'needs_person') {
      await failAndNotify(run, item, failure, maybeSent);
      run.blocked.add(item.rk);
      logger.warn('sync.needs_person', {
        tenantId: run.tenantId,
        kind: item.ref.kind,
        id: item.ref.exoId,
        code: failure.code,
      });
      return;
    }
    if (failure.code === 'throttled') {
      // Never an admin-visible failure: our own limiter keeps us under Intuit's limits; wait and go again.
      const delay = Math.max(
        failure.retryAfterMs ?? 0,
        throttledDelayMs + Math.floor(random() * throttledDelayMs),
      );
      await syncStore.retryLater(db, item.key, run.owner, {
        notBefore: later(delay),
        failure,
        countAttempt: false,
        maybeSent,
        now: now(),
        // A 429 sent nothing. Unless this claim itself was a recovery (an earlier claim may have sent the
        // record, and it has not been looked up yet), the retry is a plain create again — in a batch, without
        // a look-up request first: each 429 otherwise cost two more requests of the same budget.
        undoClaim: !maybeSent && !item.row.maybeSent && item.row.claims <= 1,
      });
      return;
    }
    if (failure.code === 'dependency_missing') {
      await syncStore.release(db, item.key, run.owner, later(waitingDelayMs), { undoClaim: true });
      return;
    }
    const decision = nextRetry(failure, item.row.attempts + 1, clock.now(), random, policy);
    if (decision.action === 'retry') {
      await syncStore.retryLater(db, item.key, run.owner, {
        notBefore: new Date(decision.notBefore),
        failure,
        countAttempt: true,
        maybeSent,
        now: now(),
      });
      if (item.key.kind !== 'qbo_customer') {
        await syncLogStore.append(db, logEntry(item, now(), 'retrying', { failure }));
      }
    } else {
      await failAndNotify(run, item, decision.failure, maybeSent);
      run.blocked.add(item.rk);
    }
  }

  /**
   * Needs a person: the row fails and its notification alert (one per failure episode) in one transaction. When
   * QuickBooks refused the write itself — nothing ambiguous about this answer, fresh or replayed for the requestid
   * sent, so nothing landed under that id — the person's Retry goes with a new requestid
   * (sync_work.request_attempt): Intuit would answer the old one with this refusal again. After retries ran out
   * on outages the id stays, and the record is looked up first.
   */
  async function failAndNotify(run: TenantRun, item: Item, failure: SyncFailure, maybeSent: boolean) {
    await db.transaction(async (tx) => {
      await syncStore.fail(tx, item.key, run.owner, {
        state: 'failed',
        failure,
        maybeSent,
        definite: !maybeSent && !failure.ambiguous && failure.code !== 'retries_exhausted',
        now: now(),
      });
      if (item.key.kind !== 'qbo_customer') {
        const label = recordLabel(item.sync);
        await notificationStore.raiseRecordFailure(tx, { ...item.key, failure, label, at: now() });
        await syncLogStore.append(tx, logEntry(item, now(), 'failed', { failure }));
      }
    });
  }

  async function afterNeedsPerson(
    run: TenantRun,
    p: Writable,
    failure: SyncFailure,
  ): Promise<Outcome | null> {
    // A duplicate name / number may be our own earlier create whose answer never arrived: adopt it.
    if (
      p.op === 'create' &&
      (failure.code === 'customer_name_conflict' || failure.code === 'duplicate_doc_number')
    ) {
      const found = await lookUp(run, [p]);
      const hit = found.get(p.item.rk);
      if (hit) return { ok: true, entity: hit };
    }
    return null;
  }

  async function settle(run: TenantRun, p: Writable, outcome: Outcome): Promise<void> {
    if (outcome.ok) return succeed(run, p, outcome.entity, outcome.intuitTid);
    if (outcome.failure.kind === 'needs_person') {
      const adopted = await afterNeedsPerson(run, p, outcome.failure);
      if (adopted?.ok) return succeed(run, p, adopted.entity);
    }
    const failure =
      outcome.failure.code === 'books_closed'
        ? await withClosingDate(run, p, outcome.failure)
        : outcome.failure;
    return failItem(run, p.item, failure);
  }

  /**
   * Closed books (6210): the person needs the closing date to know what to do, and Intuit's message doesn't say
   * it. One read of the company's preferences (AccountingInfoPrefs.BookCloseDate) names it.
   */
  async function withClosingDate(run: TenantRun, p: Writable, failure: SyncFailure): Promise<SyncFailure> {
    const prefs = await call(run, (ctx) => qbo.readPreferences(ctx));
    const closed = prefs.ok
      ? (prefs.value.AccountingInfoPrefs as { BookCloseDate?: unknown } | undefined)?.BookCloseDate
      : undefined;
    const dated = typeof p.body.TxnDate === 'string' ? p.body.TxnDate : undefined;
    if (typeof closed !== 'string') return failure;
    return {
      ...failure,
      fix: `QuickBooks’ books are closed through ${closed}${dated ? `, and this record is dated ${dated}` : ''}. Post the change in the open period (date it after ${closed} in Exoserva), or ask your bookkeeper to reopen the period in QuickBooks (Settings → Account and settings → Advanced → Close the books), then retry.`,
      details: { ...failure.details, closedThrough: closed, ...(dated ? { txnDate: dated } : {}) },
    };
  }

  // ---- one claim ----------------------------------------------------------------------------------

  async function processOutbound(run: TenantRun, rows: WorkRow[]): Promise<void> {
    const mapping = await syncStore.latestMapping(db, run.tenantId, run.ctx.realmId);
    if (mapping && options.mappingGuard) {
      run.brokenConcepts = await options.mappingGuard.brokenConcepts(run.tenantId, run.ctx, mapping);
    }
    const items: Item[] = [];
    await Promise.all(
      rows.map(async (row) => {
        const key = { tenantId: row.tenantId, kind: row.kind, recordId: row.recordId };
        const read = await readRecord(run.tenantId, row);
        if (read.ok) {
          const ref = { kind: row.kind as SyncRecordKind, exoId: row.recordId };
          items.push({
            row,
            key,
            ref,
            rk: refKey(ref),
            sync: read.sync,
            work: { ...ref, dependsOn: dependenciesOf(read.sync) },
          });
          return;
        }
        if (read.action === 'complete') {
          logger.warn('sync.record_gone', { tenantId: run.tenantId, kind: row.kind, id: row.recordId });
          await db.transaction((tx) => syncStore.complete(tx, key, run.owner, row.generation, now()));
        } else if (read.action === 'wait') {
          await syncStore.release(db, key, run.owner, later(200), { undoClaim: true });
        } else {
          const failure =
            read.action === 'retry'
              ? syncFailure(
                  'retryable',
                  'network_error',
                  'Couldn’t read from Exoserva',
                  'Exoserva retries automatically.',
                )
              : syncFailure(
                  'needs_person',
                  'unknown_fault',
                  'Couldn’t read the record',
                  `Exoserva refused: ${read.message}`,
                );
          const item = {
            row,
            key,
            ref: { kind: row.kind as SyncRecordKind, exoId: row.recordId },
            rk: refString(row.kind, row.recordId),
          } as Item;
          await failItem(run, item, failure, { maybeSent: row.maybeSent });
        }
      }),
    );
    if (items.length === 0) return;

    // What is already in QuickBooks, and what the dependencies outside this claim are doing.
    const claimed = new Set(items.map((i) => i.rk));
    const depRefs = new Set<string>();
    for (const i of items) for (const d of i.work.dependsOn) depRefs.add(refKey(d));
    const allRefs = [...new Set([...claimed, ...depRefs])];
    run.links = await syncStore.links(db, run.tenantId, run.ctx.realmId, allRefs);
    const outside = [...depRefs].filter((r) => !claimed.has(r) && !run.links.has(r));
    // A record released after a disconnect cannot land without what it refers to: releasing it releases
    // its held dependencies too (the admin's choice covers them; nothing else is backfilled).
    if (outside.length > 0) await syncStore.releaseHeld(db, run.tenantId, now(), outside);
    const states = await syncStore.statesOf(db, run.tenantId, outside);
    const liveWaitsOn = items
      .filter((i) => i.row.priority === 0)
      .flatMap((i) => i.work.dependsOn.map(refKey))
      .filter((r) => states.get(r) === 'pending');
    await syncStore.raiseToLive(db, run.tenantId, liveWaitsOn, now());
    for (const r of outside) {
      const state = states.get(r);
      if (state === 'failed' || state === 'blocked') run.blocked.add(r);
      else if (state === undefined || state === 'done') {
        // Never announced (backfill), or done without a link in this company: queue it first.
        const [kind, ...id] = r.split(':');
        await syncStore.enqueueIfAbsent(db, {
          tenantId: run.tenantId,
          kind: kind as WorkKind,
          recordId: id.join(':'),
          now: now(),
        });
        if (state === 'done')
          await syncStore.enqueue(db, {
            tenantId: run.tenantId,
            kind: kind as WorkKind,
            recordId: id.join(':'),
            version: 0,
            now: now(),
            runNow: true,
          });
      }
    }

    let remaining = items;
    while (remaining.length > 0 && !run.reconnect && !run.stopping()) {
      const byRk = new Map(remaining.map((i) => [i.rk, i]));
      const plan = planWork({
        pending: remaining.map((i) => i.work),
        isSynced: (ref) => run.links.has(refKey(ref)),
        isBlocked: (ref) => run.blocked.has(refKey(ref)),
      });
      for (const b of plan.blocked) {
        const item = byRk.get(refKey(b.item)) as Item;
        const by = b.by.map(refKey);
        const failure = syncFailure(
          'needs_person',
          'dependency_missing',
          'Waiting for a record that needs attention',
          `This record goes to QuickBooks once ${by.join(', ')} is fixed and synced.`,
          { details: { blockedBy: by.join(',') } },
        );
        await syncStore.fail(db, item.key, run.owner, {
          state: 'blocked',
          failure,
          blockedBy: by,
          now: now(),
        });
        run.blocked.add(item.rk);
      }
      if (plan.ready.length === 0) {
        for (const w of plan.waiting) {
          const item = byRk.get(refKey(w.item)) as Item;
          await syncStore.release(db, item.key, run.owner, later(waitingDelayMs), { undoClaim: true });
        }
        break;
      }
      const ready = plan.ready.map((w) => byRk.get(refKey(w)) as Item);
      await writeReady(run, ready, mapping);
      const handled = new Set([...ready.map((i) => i.rk), ...plan.blocked.map((b) => refKey(b.item))]);
      remaining = remaining.filter((i) => !handled.has(i.rk));
    }
    if (run.reconnect || run.stopping()) {
      // Shutting down: due now, so another instance picks them up at once (nothing was sent for them).
      const delay = run.reconnect ? 1000 : 0;
      for (const i of remaining)
        await syncStore.release(db, i.key, run.owner, later(delay), { undoClaim: true });
    }
  }

  async function writeReady(run: TenantRun, ready: Item[], mapping: AccountMapping | null): Promise<void> {
    const prepared = await Promise.all(ready.map((i) => prepare(prepareDeps, run, i, mapping)));
    const creates: Writable[] = [];
    const singles: Writable[] = [];
    for (const p of prepared) {
      if (p.op === 'skip') {
        await db.transaction(async (tx) => {
          await syncStore.complete(tx, p.item.key, run.owner, p.item.row.generation, now());
          await syncStore.unblockDependents(tx, run.tenantId, [p.item.rk], now());
          // QuickBooks already holds exactly this: the timeline ends on "In QuickBooks", not on "Queued".
          const link = run.links.get(p.item.rk);
          await syncLogStore.append(
            tx,
            logEntry(p.item, now(), 'synced', {
              detail: 'unchanged',
              qboId: link?.qboId ?? null,
              syncToken: link?.syncToken ?? null,
            }),
          );
        });
      } else if (p.op === 'fail') await failItem(run, p.item, p.failure);
      else if (p.op === 'create') creates.push(p);
      else singles.push(p);
    }
    const [createOutcomes] = await Promise.all([
      writeCreates(run, creates),
      Promise.all(singles.map(async (p) => settle(run, p, await writeOne(run, p)))),
    ]);
    // What a batch landed is recorded together; failures are settled one by one, as before.
    const landed = creates.flatMap((p) => {
      const o = createOutcomes.get(p.item.rk) as Outcome;
      return o.ok ? [{ p, entity: o.entity, intuitTid: o.intuitTid }] : [];
    });
    await Promise.all([
      succeedAll(run, landed),
      ...creates
        .filter((p) => !(createOutcomes.get(p.item.rk) as Outcome).ok)
        .map((p) => settle(run, p, createOutcomes.get(p.item.rk) as Outcome)),
    ]);
  }

  // ---- two-way customers: QuickBooks → Exoserva ----------------------------------------------------

  /**
   * The QuickBooks customers a claim brings in, read with one query instead of one read each (issue 24: every
   * read is a metered call, and a busy day sends a webhook per customer touched). One row reads by id as before;
   * a customer the query doesn't return (inactive ones are left out) is read by id in processInbound.
   */
  async function readCustomers(run: TenantRun, rows: WorkRow[]): Promise<Map<string, QboEntity>> {
    const found = new Map<string, QboEntity>();
    if (rows.length < 2) return found;
    if ((await syncStore.settings(db, run.tenantId)).customerDirection !== 'two_way') return found;
    const ids = [...new Set(rows.map((r) => r.recordId))];
    const res = await call(run, (ctx) => qbo.findIn(ctx, 'Customer', 'Id', ids));
    if (res.ok) for (const entity of res.value) found.set(String(entity.Id), entity);
    return found;
  }

  async function processInbound(run: TenantRun, row: WorkRow, prefetched?: QboEntity): Promise<void> {
    const key = { tenantId: row.tenantId, kind: row.kind, recordId: row.recordId };
    const done = () => db.transaction((tx) => syncStore.complete(tx, key, run.owner, row.generation, now()));
    const item = {
      row,
      key,
      ref: { kind: 'customer' as const, exoId: row.recordId },
      rk: refString('qbo_customer', row.recordId),
    } as Item;
    const settings = await syncStore.settings(db, run.tenantId);
    if (settings.customerDirection !== 'two_way') return void (await done());
    const read = prefetched
      ? { ok: true as const, value: prefetched }
      : await call(run, (ctx) => qbo.read(ctx, 'Customer', row.recordId));
    if (!read.ok) return failItem(run, item, read.failure);
    const entity = read.value;
    const link = await syncStore.linkByQboId(db, run.tenantId, run.ctx.realmId, 'customer', row.recordId);
    // Our own write coming back (or one already applied): same SyncToken as the one QuickBooks gave us.
    if (link && link.syncToken === String(entity.SyncToken)) return void (await done());
    const fields = customerFields(entity);
    // A name the engine gave to settle a clash ("Ana Ruiz (2)") is not a rename in QuickBooks: while QuickBooks
    // still shows the name last sent, Exoserva keeps its own.
    const lastName = (link?.lastBody as { DisplayName?: unknown } | null | undefined)?.DisplayName;
    const nameUnchanged = link !== null && link !== undefined && entity.DisplayName === lastName;
    if (nameUnchanged) delete (fields as Partial<typeof fields>).displayName;
    // What QuickBooks holds, in the id map's terms: the mapped body under QuickBooks' own display name.
    const asInQbo = (customer: ExoCustomer) => ({
      ...mapCustomer(customer).body,
      DisplayName: String(entity.DisplayName),
    });
    const saveLink = async (customer: ExoCustomer) => {
      const body = asInQbo(customer);
      await db.transaction(async (tx) => {
        await syncStore.saveLink(tx, {
          tenantId: run.tenantId,
          realmId: run.ctx.realmId,
          kind: 'customer',
          exoId: customer.id,
          qboId: String(entity.Id),
          syncToken: String(entity.SyncToken),
          payloadHash: payloadHash(body),
          lastBody: body,
          mappingVersion: null,
          recordVersion: customer.version,
          voided: false,
          qboUpdatedAt:
            (entity.MetaData as { LastUpdatedTime?: string } | undefined)?.LastUpdatedTime ?? null,
          now: now(),
        });
        await syncStore.complete(tx, key, run.owner, row.generation, now());
      });
    };
    const exoFailure = (message: string) =>
      syncFailure(
        'retryable',
        'network_error',
        'Couldn’t write to Exoserva',
        `Exoserva retries automatically (${message}).`,
      );
    if (!link) {
      if (entity.Active === false) return void (await done());
      const created = await exoserva.createCustomer(run.tenantId, fields);
      if (!created.ok) return failItem(run, item, exoFailure(created.error.message));
      return saveLink(created.value);
    }
    const current = await exoserva.getRecord(run.tenantId, 'customer', link.exoId);
    if (!current.ok) return failItem(run, item, exoFailure(current.error.message));
    const qboTime = Date.parse(
      String((entity.MetaData as { LastUpdatedTime?: string } | undefined)?.LastUpdatedTime ?? ''),
    );
    const exoTime = Date.parse(current.value.updatedAt);
    if (Number.isFinite(qboTime) && exoTime > qboTime) {
      // Most recent edit wins: Exoserva's is newer, so it goes out again instead.
      await syncStore.enqueue(db, {
        tenantId: run.tenantId,
        kind: 'customer',
        recordId: link.exoId,
        version: current.value.version,
        now: now(),
      });
      return void (await done());
    }
    const merged: ExoCustomer = { ...current.value, ...fields };
    if (payloadHash(asInQbo(merged)) === link.payloadHash) return saveLink(current.value);
    const updated = await exoserva.updateCustomer(run.tenantId, link.exoId, fields);
    if (!updated.ok) return failItem(run, item, exoFailure(updated.error.message));
    return saveLink(updated.value);
  }

  // ---- the public surface ---------------------------------------------------------------------------

  return {
    /** Claims one batch of due work and processes it. Returns how many rows it claimed. */
    async runOnce(
      owner: string,
      runOptions: { stopping?: () => boolean; liveOnly?: boolean } = {},
    ): Promise<number> {
      const stopping = runOptions.stopping ?? (() => false);
      const rows = await syncStore.claim(db, {
        owner,
        now: now(),
        leaseUntil: later(leaseMs),
        limit: claimLimit,
        liveOnly: runOptions.liveOnly ?? false,
      });
      if (rows.length === 0) return 0;
      const byTenant = new Map<string, WorkRow[]>();
      for (const r of rows) byTenant.set(r.tenantId, [...(byTenant.get(r.tenantId) ?? []), r]);
      const heartbeat =
        heartbeatMs > 0
          ? setInterval(() => {
              syncStore.extendLeases(db, owner, later(leaseMs)).catch(() => undefined);
            }, heartbeatMs)
          : undefined;
      try {
        await Promise.all(
          [...byTenant].map(async ([tenantId, list]) => {
            try {
              await processTenant(tenantId, list, owner, stopping);
            } catch (err) {
              logger.error('sync.claim_failed', { tenantId, error: err });
              for (const r of list) {
                await syncStore
                  .release(db, { tenantId, kind: r.kind, recordId: r.recordId }, owner, later(5000), {
                    undoClaim: false,
                  })
                  .catch(() => undefined);
              }
            }
          }),
        );
      } finally {
        if (heartbeat) clearInterval(heartbeat);
      }
      return rows.length;
    },

    /**
     * Polls QuickBooks' change feed for two-way tenants (the safety net under webhooks). With `everyMs`, each
     * company is polled once per window across all instances: a poll first claims the window (019), and a
     * company another instance already polled in it is skipped — each change-feed read is a metered call.
     */
    async pollCustomerChanges(pollOptions: { everyMs?: number } = {}): Promise<number> {
      let queued = 0;
      // The change feed is the safety net under webhooks: the first read to wait when the allowance runs low.
      if (await options.deferNonEssentialReads?.()) return 0;
      for (const { tenantId } of await syncStore.twoWayTenants(db)) {
        if (pollOptions.everyMs && !(await syncStore.claimCdcPoll(db, tenantId, now(), pollOptions.everyMs)))
          continue;
        const token = await tokens.getAccessToken(tenantId);
        if (!token.ok) continue;
        const run: TenantRun = {
          tenantId,
          ctx: { realmId: token.value.realmId, accessToken: token.value.accessToken },
          owner: 'cdc',
          links: new Map(),
          blocked: new Set(),
          reconnect: null,
          stopping: () => false,
        };
        const startedAt = now();
        const since = await syncStore.cdcCursor(db, tenantId);
        if (!since) {
          await syncStore.setCdcCursor(db, tenantId, startedAt);
          continue;
        }
        // A minute of overlap: CDC is eventually consistent, and a change seen twice is harmless.
        const res = await call(run, (ctx) => qbo.changedCustomers(ctx, new Date(since.getTime() - 60_000)));
        if (!res.ok) continue;
        for (const change of res.value) {
          if (change.deleted) continue;
          await syncStore.enqueue(db, {
            tenantId,
            kind: 'qbo_customer',
            recordId: change.id,
            version: 0,
            now: now(),
          });
          queued += 1;
        }
        await syncStore.setCdcCursor(db, tenantId, startedAt);
      }
      return queued;
    },
  };

  async function processTenant(
    tenantId: string,
    rows: WorkRow[],
    owner: string,
    stopping: () => boolean,
  ): Promise<void> {
    const token = await tokens.getAccessToken(tenantId);
    if (!token.ok) {
      // Reconnect needed: the tenant's connection is no longer 'connected', so its queue pauses by itself.
      for (const r of rows) {
        await syncStore.release(
          db,
          { tenantId, kind: r.kind, recordId: r.recordId },
          owner,
          later(token.error.code === 'qbo_reauth_required' ? 1000 : 5000),
          { undoClaim: true },
        );
      }
      return;
    }
    const run: TenantRun = {
      tenantId,
      ctx: { realmId: token.value.realmId, accessToken: token.value.accessToken },
      owner,
      links: new Map(),
      blocked: new Set(),
      reconnect: null,
      stopping,
    };
    const inbound = rows.filter((r) => r.kind === 'qbo_customer');
    const outbound = rows.filter((r) => r.kind !== 'qbo_customer');
    const prefetched = await readCustomers(run, inbound);
    for (const r of inbound) await processInbound(run, r, prefetched.get(r.recordId));
    await processOutbound(run, outbound);
    if (run.reconnect) {
      await tokens.markNeedsReconnect(tenantId, run.reconnect.fix);
      logger.warn('sync.paused_for_reconnect', { tenantId, code: run.reconnect.code });
    }
  }
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;
