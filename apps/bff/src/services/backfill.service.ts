/**
 * Backfill (issue 8, GUIDE step 9) and the re-post of a mapping's date range (issue 5).
 *
 * A backfill reads a range of Exoserva records, finds what QuickBooks already has (the id map, invoices by
 * DocNumber, customers by the matching step's scoring), links those, and stores a job with one item per record
 * to send. A re-post is the same job over the range's already-synced records, so the engine sends each one
 * again with the new mapping (a sparse update). The job itself only feeds: every instance's runner takes a
 * running job (SKIP LOCKED plus a lease), hands a small window of items to the shared sync queue at low
 * priority, and follows them to done. The sync engine does the QuickBooks writes, so exactly once rests on
 * what it already guarantees: deterministic requestids, the id map, lookup-before-create.
 */
import { randomUUID } from 'node:crypto';
import type {
  BackfillCurrentResponse,
  BackfillJob,
  BackfillKind,
  BackfillPreviewResponse,
  BackfillRangeRequest,
  ExoCustomer,
  SessionClaims,
} from '@exoserva/contracts';
import { BACKFILL_KINDS } from '@exoserva/contracts';
import { classifyQboError, matchCustomers, qboToCents, type MatchBucket } from '@exoserva/sync-core';
import { fail, failure, ok, type Failure, type Result } from '../http/errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { Database } from '../ports/database.ts';
import { recordDate, type ExoservaApi } from '../ports/exoserva-api.ts';
import type { QboChartApi } from '../ports/qbo-chart-api.ts';
import type { QboCallContext, QboEntity, QboSyncApi } from '../ports/qbo-sync-api.ts';
import { auditStore, type AuditActionValue } from '../stores/audit-store.ts';
import { backfillStore, type JobRow } from '../stores/backfill-store.ts';
import { connectionStore } from '../stores/connection-store.ts';
import { customerLinkStore } from '../stores/mapping-store.ts';
import { refString, syncStore } from '../stores/sync-store.ts';
import {
  backfillRate,
  etaSeconds,
  planBackfill,
  type Plan,
  type PlannedItem,
  type QboInvoiceByNumber,
  type RangeRecords,
} from './backfill-plan.ts';
import { exoMatchable, qboMatchable } from './customer-setup.service.ts';
import { exoservaFailure, qboFailure } from './mapping.service.ts';
import type { QboRateLimiter } from './qbo-rate-limiter.ts';
import type { TokenService } from './token.service.ts';
import { auditDetail, type AuditDetail } from './audit-details.ts';

export interface BackfillServiceOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  tokens: Pick<TokenService, 'getAccessToken'>;
  /** Null without EXOSERVA_API_URL: nothing to read records from. */
  exoserva: ExoservaApi | null;
  qbo: Pick<QboSyncApi, 'findIn'>;
  chart: Pick<QboChartApi, 'listCustomers'>;
  limiter: QboRateLimiter;
  /** Work was queued: wake this process's sync workers. */
  onQueued?: () => void;
  /** Records one job keeps in the sync queue at a time. Small, so live sync always finds a free worker. */
  window?: number;
  /** How long a runner's hold on a job lasts before another instance may take it over. Default 30 s. */
  leaseMs?: number;
  /** How often the runner looks for work. Default 500 ms. */
  tickMs?: number;
}

/** The part of a company's per-minute QuickBooks budget a backfill leaves to live sync. */
export const LIVE_SHARE = 0.25;

/** DocNumbers per QuickBooks query (`IN` lists stay well inside the 1,000 rows a query answers). */
const DOC_NUMBERS_PER_QUERY = 200;

const allKinds = (kinds: readonly BackfillKind[] | undefined) =>
  kinds && kinds.length > 0 ? BACKFILL_KINDS.filter((k) => kinds.includes(k)) : [...BACKFILL_KINDS];

export function createBackfillService(options: BackfillServiceOptions) {
  const { db, clock, logger, tokens, exoserva, qbo, chart, limiter } = options;
  const window = options.window ?? 90;
  const leaseMs = options.leaseMs ?? 30_000;
  const tickMs = options.tickMs ?? 500;
  const now = () => new Date(clock.now());

  // ---- reading what the range holds -----------------------------------------------------------------

  /** One QuickBooks query through the shared limiter, with one token refresh on a 401. */
  async function findIn(
    tenantId: string,
    ctx: QboCallContext,
    values: string[],
  ): Promise<Result<{ ctx: QboCallContext; found: QboEntity[] }>> {
    for (let attempt = 0; ; attempt++) {
      const slot = await limiter.acquire(ctx.realmId);
      let res;
      try {
        res = await qbo.findIn(ctx, 'Invoice', 'DocNumber', values);
      } finally {
        await slot.release();
      }
      if (res.ok) return ok({ ctx, found: res.value });
      const f = classifyQboError(res.error, { now: clock.now(), afterRefresh: attempt > 0 });
      if (f.refreshToken && attempt === 0) {
        const fresh = await tokens.getAccessToken(tenantId, { rejectedToken: ctx.accessToken });
        if (!fresh.ok) return fresh;
        ctx = { realmId: fresh.value.realmId, accessToken: fresh.value.accessToken };
        continue;
      }
      return failure(
        'qbo_unavailable',
        `QuickBooks did not answer while looking up invoice numbers (${f.title}). Nothing was changed; try again.`,
      );
    }
  }

  async function readRange(
    tenantId: string,
    range: { from: string; to: string },
    kinds: BackfillKind[],
    doing: string,
  ): Promise<Result<{ records: RangeRecords }>> {
    if (!exoserva) return fail(exoservaFailure(null, doing));
    const records: RangeRecords = { invoice: [], payment: [], refund: [], payout: [] };
    const reads = await Promise.all(kinds.map((k) => exoserva.listRecords(tenantId, k, range)));
    for (const [i, kind] of kinds.entries()) {
      const res = reads[i];
      if (!res?.ok) return fail(exoservaFailure(res ? res.error : null, doing));
      // Filtered again here: a platform that ignores the range answers with everything.
      const inRange = (res.value as Array<RangeRecords[typeof kind][number]>).filter((r) => {
        const d = recordDate(kind, r);
        return d >= range.from && d <= range.to;
      });
      (records[kind] as typeof inRange) = inRange;
    }
    return ok({ records });
  }

  /** Everything a backfill's preview and start need, read once. */
  async function gather(
    tenantId: string,
    request: BackfillRangeRequest,
  ): Promise<Result<{ realmId: string; plan: Plan }>> {
    const doing = 'previewing the backfill';
    const token = await tokens.getAccessToken(tenantId);
    if (!token.ok) return token;
    let ctx: QboCallContext = { realmId: token.value.realmId, accessToken: token.value.accessToken };
    const kinds = allKinds(request.kinds);
    const read = await readRange(tenantId, request, kinds, doing);
    if (!read.ok) return read;
    const { records } = read.value;
    const refs: string[] = [];
    for (const k of kinds) for (const r of records[k]) refs.push(refString(k, r.id));
    const customerIds = new Set<string>();
    for (const k of ['invoice', 'payment', 'refund'] as const)
      for (const r of records[k]) customerIds.add(r.customerId);
    for (const id of customerIds) refs.push(refString('customer', id));
    const [{ links, qboInvoiceIds }, held] = await Promise.all([
      backfillStore.linksOf(db, { tenantId, realmId: ctx.realmId, refs }),
      backfillStore.heldRefs(db, tenantId),
    ]);

    // Invoices QuickBooks may already have under the same number (entered by hand, or by an older tool).
    const qboInvoicesByNumber = new Map<string, QboInvoiceByNumber>();
    const numbers = [
      ...new Set(records.invoice.filter((i) => !links.has(refString('invoice', i.id))).map((i) => i.number)),
    ];
    for (let i = 0; i < numbers.length; i += DOC_NUMBERS_PER_QUERY) {
      const res = await findIn(tenantId, ctx, numbers.slice(i, i + DOC_NUMBERS_PER_QUERY));
      if (!res.ok) return res;
      ctx = res.value.ctx;
      for (const e of res.value.found) {
        qboInvoicesByNumber.set(String(e.DocNumber), {
          qboId: String(e.Id),
          syncToken: String(e.SyncToken),
          customerQboId: (e.CustomerRef as { value?: string } | undefined)?.value ?? null,
          totalCents: e.TotalAmt === undefined ? -1 : qboToCents(e.TotalAmt as number | string),
        });
      }
    }

    // Customers the records refer to that the id map doesn't link yet: the matching step's scoring decides.
    let customers: ExoCustomer[] = [];
    const customerMatches = new Map<string, { bucket: MatchBucket; qboId: string | null }>();
    const unlinked = [...customerIds].filter((id) => !links.has(refString('customer', id)));
    if (customerIds.size > 0) {
      if (!exoserva) return fail(exoservaFailure(null, doing));
      const all = await exoserva.listRecords(tenantId, 'customer');
      if (!all.ok) return fail(exoservaFailure(all.error, doing));
      customers = all.value.filter((c) => customerIds.has(c.id));
    }
    if (unlinked.length > 0) {
      // The chart port waits for the shared limiter itself (rateLimited in app.ts).
      const listed = await chart.listCustomers(ctx);
      if (!listed.ok) return fail(qboFailure(listed.error, doing));
      const reserved = new Set((await customerLinkStore.list(db, tenantId, ctx.realmId)).values());
      const wanted = new Set(unlinked);
      const matches = matchCustomers(
        customers.filter((c) => wanted.has(c.id)).map(exoMatchable),
        listed.value.map(qboMatchable),
        { reserved },
      );
      for (const m of matches)
        customerMatches.set(m.exoserva.id, { bucket: m.bucket, qboId: m.candidate?.source.id ?? null });
    }

    const plan = planBackfill({
      kinds,
      records,
      customers,
      links,
      linkedQboInvoiceIds: qboInvoiceIds,
      held,
      qboInvoicesByNumber,
      customerMatches,
    });
    return ok({ realmId: ctx.realmId, plan });
  }

  // ---- the job as the wizard sees it ----------------------------------------------------------------

  async function view(job: JobRow): Promise<BackfillJob> {
    const at = now();
    await backfillStore.refresh(db, job, at);
    const c = await backfillStore.counts(db, job.id, at);
    const rate = backfillRate({
      landedLastMinute: c.landedLastMinute,
      runningForMs: at.getTime() - job.startedAt.getTime(),
      limiterPerMinute: limiter.limits.perMinute,
    });
    const remaining = c.waiting + c.fed;
    return {
      id: job.id,
      source: job.source,
      mappingVersion: job.mappingVersion,
      from: job.from,
      to: job.to,
      kinds: job.kinds,
      status: job.status,
      total: job.total,
      synced: c.done,
      failed: c.failed,
      inFlight: c.fed,
      waiting: c.waiting,
      ratePerMinute: rate.measured ? Math.round(rate.perMinute) : null,
      etaSeconds: job.status === 'running' && remaining > 0 ? etaSeconds(remaining, rate.perMinute) : null,
      startedAt: job.startedAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
      startedBy: job.startedBy,
    };
  }

  const actorOf = (s: SessionClaims) => ({ userId: s.sub, name: s.name ?? null, role: s.role });

  async function audit(session: SessionClaims, action: AuditActionValue, detail: AuditDetail, at: Date) {
    const connection = await connectionStore.get(db, session.tid);
    await auditStore.append(db, {
      tenantId: session.tid,
      at,
      action,
      actor: actorOf(session),
      company: connection?.realmId ? { realmId: connection.realmId, name: connection.companyName } : null,
      ...detail,
    });
  }

  async function control(
    session: SessionClaims,
    id: string,
    from: JobRow['status'][],
    to: JobRow['status'],
    action: AuditActionValue,
  ): Promise<Result<BackfillJob>> {
    const at = now();
    const job = await backfillStore.transition(db, session.tid, id, from, to, at);
    if (!job) {
      const existing = await backfillStore.get(db, session.tid, id);
      return existing
        ? failure(
            'conflict',
            `This backfill is ${existing.status}; it cannot be ${to === 'running' ? 'resumed' : to} now.`,
          )
        : failure('not_found', 'No such backfill for this account');
    }
    await audit(session, action, auditDetail.backfill(job), at);
    logger.info(`backfill.${to}`, { tenantId: session.tid, jobId: id, userId: session.sub });
    if (to === 'running') options.onQueued?.();
    return ok(await view(job));
  }

  // ---- feeding: the runner ---------------------------------------------------------------------------

  /** A re-post the mapping step recorded becomes a job over the range's records synced with an older version. */
  async function planRepost(
    r: Awaited<ReturnType<typeof backfillStore.pendingReposts>>[number],
  ): Promise<void> {
    const connection = await connectionStore.get(db, r.tenantId);
    if (connection?.status !== 'connected' || !connection.realmId) return;
    const read = await readRange(r.tenantId, r, [...BACKFILL_KINDS], 're-posting');
    if (!read.ok) {
      logger.warn('backfill.repost_read_failed', {
        tenantId: r.tenantId,
        repostId: r.id,
        error: read.error.message,
      });
      return;
    }
    const { records } = read.value;
    const all: PlannedItem[] = [];
    for (const kind of BACKFILL_KINDS)
      for (const rec of records[kind])
        all.push({ kind, recordId: rec.id, recordDate: recordDate(kind, rec), amountCents: 0 });
    const stale = await backfillStore.repostCandidates(db, {
      tenantId: r.tenantId,
      realmId: connection.realmId,
      version: r.version,
      refs: all.map((i) => refString(i.kind, i.recordId)),
    });
    const items = all.filter((i) => stale.has(refString(i.kind, i.recordId)));
    const at = now();
    try {
      await db.transaction(async (tx) => {
        // Whoever marks it taken plans it; another instance that read the same request changes nothing.
        if (!(await backfillStore.takeRepost(tx, r.id))) return;
        await backfillStore.insertJob(tx, {
          id: randomUUID(),
          tenantId: r.tenantId,
          source: 'repost',
          repostId: r.id,
          mappingVersion: r.version,
          from: r.from,
          to: r.to,
          kinds: [...BACKFILL_KINDS],
          startedBy: r.requestedBy,
          startedAt: at,
          items,
        });
      });
    } catch (error) {
      // Another job of the tenant started meanwhile: the re-post waits for it (still pending).
      if (!backfillStore.isOneActiveViolation(error)) throw error;
    }
    logger.info('backfill.repost_planned', { tenantId: r.tenantId, repostId: r.id, records: items.length });
  }

  /**
   * How many more records may go into the queue now: the window, less what is in flight, and never more than
   * leaves `LIVE_SHARE` of the company's per-minute request budget to live sync — the claim order puts live
   * rows first, but a backfill that spent the limiter's minute would still make them wait for a slot.
   */
  async function allowance(job: JobRow, inFlight: number, at: Date): Promise<number> {
    const connection = await connectionStore.get(db, job.tenantId);
    if (!connection?.realmId) return 0;
    const used = await backfillStore.callsLastMinute(db, connection.realmId, at.getTime());
    const budget = Math.floor(limiter.limits.perMinute * (1 - LIVE_SHARE)) - used;
    return Math.max(0, Math.min(window - inFlight, budget));
  }

  async function feedJob(job: JobRow, owner: string): Promise<number> {
    const at = now();
    await backfillStore.refresh(db, job, at);
    const before = await backfillStore.counts(db, job.id, at);
    const room = before.waiting > 0 ? await allowance(job, before.fed, at) : 0;
    return db.transaction(async (tx) => {
      await backfillStore.refresh(tx, job, at);
      const c = await backfillStore.counts(tx, job.id, at);
      if (c.waiting === 0 && c.fed === 0) {
        await backfillStore.transition(tx, job.tenantId, job.id, ['running'], 'done', at);
        logger.info('backfill.done', {
          tenantId: job.tenantId,
          jobId: job.id,
          synced: c.done,
          failed: c.failed,
        });
        return 0;
      }
      const fed = await backfillStore.feed(tx, job, Math.min(room, window - c.fed), at);
      await backfillStore.releaseLease(tx, job.id, owner, new Date(at.getTime() + tickMs));
      return fed;
    });
  }

  let running = false;
  let loop: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let wakeUp: (() => void) | undefined;

  const service = {
    async preview(
      session: SessionClaims,
      request: BackfillRangeRequest,
    ): Promise<Result<BackfillPreviewResponse>> {
      const gathered = await gather(session.tid, request);
      if (!gathered.ok) return gathered;
      const { plan } = gathered.value;
      const toSend = plan.items.length;
      return ok({
        from: request.from,
        to: request.to,
        kinds: plan.kinds,
        toSend,
        estimatedSeconds: etaSeconds(toSend, limiter.limits.perMinute),
      });
    },

    async start(session: SessionClaims, request: BackfillRangeRequest): Promise<Result<BackfillJob>> {
      const active = await backfillStore.current(db, session.tid);
      if (active && (active.status === 'running' || active.status === 'paused')) {
        return failure(
          'conflict',
          'A backfill is already in progress for this account. Pause or cancel it first.',
        );
      }
      const gathered = await gather(session.tid, request);
      if (!gathered.ok) return gathered;
      const { realmId, plan } = gathered.value;
      const at = now();
      const id = randomUUID();
      const refused: { failure: Failure | null } = { failure: null };
      try {
        await db.transaction(async (tx) => {
          const connection = await connectionStore.get(tx, session.tid, { forUpdate: true });
          if (connection?.status !== 'connected' || connection.realmId !== realmId) {
            refused.failure = {
              code: 'conflict',
              message: 'QuickBooks is not connected to this company any more.',
            };
            return;
          }
          // What QuickBooks already has is linked first, so the engine updates it instead of creating another.
          for (const link of plan.links) {
            if (link.kind === 'customer') {
              await customerLinkStore.upsert(tx, {
                tenantId: session.tid,
                realmId,
                exoservaId: link.exoId,
                qboId: link.qboId,
                at,
              });
            } else {
              await syncStore.saveLink(tx, {
                tenantId: session.tid,
                realmId,
                kind: 'invoice',
                exoId: link.exoId,
                qboId: link.qboId,
                syncToken: link.syncToken ?? '0',
                payloadHash: null,
                lastBody: null,
                mappingVersion: null,
                recordVersion: null,
                voided: false,
                qboUpdatedAt: null,
                now: at,
              });
            }
          }
          await backfillStore.insertJob(tx, {
            id,
            tenantId: session.tid,
            source: 'backfill',
            repostId: null,
            mappingVersion: null,
            from: request.from,
            to: request.to,
            kinds: allKinds(request.kinds),
            startedBy: session.sub,
            startedAt: at,
            items: plan.items,
          });
        });
      } catch (error) {
        if (!backfillStore.isOneActiveViolation(error)) throw error;
        return failure(
          'conflict',
          'A backfill is already in progress for this account. Pause or cancel it first.',
        );
      }
      if (refused.failure) return fail(refused.failure);
      const job = (await backfillStore.get(db, session.tid, id)) as JobRow;
      const linked = plan.links.length;
      await audit(session, 'backfill_started', auditDetail.backfillStarted(job, linked), at);
      logger.info('backfill.started', {
        tenantId: session.tid,
        jobId: id,
        records: job.total,
        linked,
        userId: session.sub,
      });
      service.wake();
      return ok(await view(job));
    },

    async current(session: SessionClaims): Promise<BackfillCurrentResponse> {
      const job = await backfillStore.current(db, session.tid);
      return { job: job ? await view(job) : null };
    },

    pause: (session: SessionClaims, id: string) =>
      control(session, id, ['running'], 'paused', 'backfill_paused'),
    resume: (session: SessionClaims, id: string) =>
      control(session, id, ['paused'], 'running', 'backfill_resumed'),
    cancel: (session: SessionClaims, id: string) =>
      control(session, id, ['running', 'paused'], 'cancelled', 'backfill_cancelled'),

    /** One round of the runner: plan waiting re-posts, then feed every running job whose lease is free. */
    async runOnce(owner: string): Promise<number> {
      for (const r of await backfillStore.pendingReposts(db)) await planRepost(r);
      let fed = 0;
      for (let n = 0; n < 20; n++) {
        const at = now();
        const job = await backfillStore.claim(db, owner, at, new Date(at.getTime() + leaseMs));
        if (!job) break;
        fed += await feedJob(job, owner);
      }
      if (fed > 0) options.onQueued?.();
      return fed;
    },

    /** Runs `runOnce` every tick in this process until `stop()`; a dead process's jobs are taken over. */
    startRunner(owner: string): void {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          try {
            await service.runOnce(owner);
          } catch (error) {
            logger.error('backfill.runner_failed', { error });
          }
          if (!running) break;
          await new Promise<void>((resolve) => {
            wakeUp = resolve;
            timer = setTimeout(resolve, tickMs);
          });
        }
      })();
    },
    wake(): void {
      if (timer) clearTimeout(timer);
      wakeUp?.();
    },
    async stopRunner(): Promise<void> {
      running = false;
      service.wake();
      await loop;
    },
  };
  return service;
}

export type BackfillService = ReturnType<typeof createBackfillService>;
