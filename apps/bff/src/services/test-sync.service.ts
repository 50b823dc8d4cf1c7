/**
 * The test sync (GUIDE step 5): one button runs the guide's manual test for the admin. In Exoserva: "Test
 * Customer ZZ", a $1.00 invoice with one Service Revenue (labor) line, marked paid. Then Sync Now for exactly
 * those records — the sync engine's own queue, so they get its requestids and exactly-once handling, and the
 * Exoserva events announcing them coalesce into the same rows. Then QuickBooks is read back and checked: the
 * customer, the invoice at $1.00, the payment with the invoice's balance at $0.00, and the mapped Service
 * Revenue and deposit accounts each moved by exactly $1.00.
 *
 * The run is a row (007-test-sync.sql) written after every step and advanced by a runner holding a lease, so a
 * BFF restart mid-run — or another instance, once the lease runs out — carries on where it stopped. A step
 * that writes to Exoserva and was interrupted looks its record up before writing again.
 */
import { randomUUID } from 'node:crypto';
import {
  TEST_CUSTOMER_NAME,
  TEST_SYNC_AMOUNT_CENTS,
  TEST_SYNC_STEPS,
  type AccountMapping,
  type SessionClaims,
  type SyncFailure,
  type TestSyncCurrentResponse,
  type TestSyncProblem,
  type TestSyncRun,
  type TestSyncStartRequest,
  type TestSyncStepId,
} from '@exoserva/contracts';
import { classifyQboError, formatDollars, qboToCents } from '@exoserva/sync-core';
import { failure, ok, type Result } from '../http/errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { Database } from '../ports/database.ts';
import type { ExoApiResult, ExoservaApi } from '../ports/exoserva-api.ts';
import type { QboCallContext, QboEntity } from '../ports/qbo-sync-api.ts';
import type { QboTestSyncApi, QboTestSyncEntity } from '../ports/qbo-test-sync-api.ts';
import { auditStore } from '../stores/audit-store.ts';
import { connectionStore } from '../stores/connection-store.ts';
import { refString, syncStore } from '../stores/sync-store.ts';
import { testSyncStore, type TestSyncRow } from '../stores/test-sync-store.ts';
import type { QboRateLimiter } from './qbo-rate-limiter.ts';
import { createRunnerLoop } from './runner-loop.ts';
import {
  checkCustomer,
  checkDeposit,
  checkIncome,
  checkInvoice,
  checkPayment,
  depositEntry,
  laborItemIdOf,
  type CheckResult,
} from './test-sync-checks.ts';
import { cleanUpTestRecords } from './test-sync-cleanup.ts';
import type { TokenService } from './token.service.ts';
import { auditDetail } from './audit-details.ts';

export interface TestSyncServiceOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  tokens: Pick<TokenService, 'getAccessToken'>;
  /** Null without EXOSERVA_API_URL: nothing to create the test records in. */
  exoserva: ExoservaApi | null;
  qbo: QboTestSyncApi;
  limiter: QboRateLimiter;
  /** Wakes the sync workers after Sync Now. */
  onQueued?: () => void;
  /** How long a runner holds a run before another instance may take it over. Default 30 s. */
  leaseMs?: number;
  /** How often the runner looks for work. Default 250 ms. */
  tickMs?: number;
  /** How long the records may take to land after Sync Now. Default 120 s. */
  syncTimeoutMs?: number;
  /** How long Sync Now waits for Exoserva's events announcing the records (so none arrives after). Default 5 s. */
  eventWaitMs?: number;
}

/** The run waits for something outside it (the sync engine, Exoserva's events): look again after `ms`. */
type Advance = { next: 'continue' } | { next: 'wait'; ms: number } | { next: 'stop' };

/** Read-backs found nothing (610 on a read: the record or account is not there). */
const NOT_FOUND_CODES = new Set(['account_not_found', 'deleted_in_quickbooks', 'customer_not_found']);

export const ZERO_AMOUNT_REASON =
  'Always test with $1.00, never $0.00: some QuickBooks versions reject zero-dollar invoices outright, and $1 lets you trace every step.';

/** The test invoice's number: its own, so a create interrupted by a restart can be found again. */
export const testInvoiceNumber = (runId: string) => `ZZTEST-${runId.slice(0, 8).toUpperCase()}`;

function newRun(id: string, session: SessionClaims, at: Date, mappingVersion: number): TestSyncRun {
  return {
    id,
    status: 'running',
    amountCents: TEST_SYNC_AMOUNT_CENTS,
    startedAt: at.toISOString(),
    finishedAt: null,
    startedBy: { userId: session.sub, name: session.name ?? null },
    mappingVersion,
    steps: TEST_SYNC_STEPS.map((step) => ({ id: step, state: 'waiting' as const })),
    records: { customer: null, invoice: null, payment: null },
    accounts: { income: null, deposit: null },
    cleanup: null,
  };
}

export function createTestSyncService(options: TestSyncServiceOptions) {
  const { db, clock, logger, tokens, exoserva, qbo, limiter } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const tickMs = options.tickMs ?? 250;
  const syncTimeoutMs = options.syncTimeoutMs ?? 120_000;
  const eventWaitMs = options.eventWaitMs ?? 5_000;
  const now = () => new Date(clock.now());
  const later = (ms: number) => new Date(clock.now() + ms);

  // ---- QuickBooks reads, through the shared rate limiter ------------------------------------------------

  /** One read; null when the record is not there; a failure when QuickBooks could not answer (retried twice). */
  async function read(
    ctx: QboCallContext,
    entity: QboTestSyncEntity,
    id: string,
  ): Promise<{ ok: true; value: QboEntity | null } | { ok: false; failure: SyncFailure }> {
    for (let attempt = 0; ; attempt++) {
      const slot = await limiter.acquire(ctx.realmId);
      let result;
      try {
        result = await qbo.read(ctx, entity, id);
      } finally {
        await slot.release();
      }
      if (result.ok) return { ok: true, value: result.value };
      const why = classifyQboError(result.error, { now: clock.now() });
      if (NOT_FOUND_CODES.has(why.code)) return { ok: true, value: null };
      if (why.kind !== 'retryable' || attempt >= 2) return { ok: false, failure: why };
      await new Promise((r) => setTimeout(r, 300 * (attempt + 1)));
    }
  }

  const unavailable = (failure: SyncFailure): TestSyncProblem => ({
    code: 'quickbooks_unavailable',
    mappingEntry: null,
    message: `${failure.title}: ${failure.fix}`,
  });

  // ---- the run's bookkeeping -------------------------------------------------------------------------

  function setStep(row: TestSyncRow, id: TestSyncStepId, patch: Partial<TestSyncRun['steps'][number]>) {
    row.run.steps = row.run.steps.map((s) => (s.id === id ? { ...s, ...patch } : s));
  }

  async function save(row: TestSyncRow, owner: string): Promise<boolean> {
    const finished = row.run.status !== 'running';
    const at = now();
    if (finished) row.run.finishedAt = at.toISOString();
    return testSyncStore.save(db, row, owner, {
      now: at,
      leaseUntil: later(leaseMs),
      finishedAt: finished ? at : null,
    });
  }

  /** A step that cannot go on ends the run: the steps after it are skipped. */
  function failRun(row: TestSyncRow, step: TestSyncStepId, problem: TestSyncProblem) {
    setStep(row, step, { state: 'failed', problem });
    row.run.steps = row.run.steps.map((s) => (s.state === 'waiting' ? { ...s, state: 'skipped' } : s));
    row.run.status = 'failed';
  }

  async function finish(row: TestSyncRow, owner: string): Promise<void> {
    if (row.run.status === 'running') {
      row.run.status = row.run.steps.some((s) => s.state === 'failed') ? 'failed' : 'passed';
    }
    if (!(await save(row, owner))) return;
    const failed = row.run.steps.find((s) => s.state === 'failed');
    const connection = await connectionStore.get(db, row.tenantId);
    await auditStore.append(db, {
      tenantId: row.tenantId,
      at: now(),
      action: 'test_sync_run',
      actor: {
        userId: row.run.startedBy.userId,
        name: row.run.startedBy.name,
        role: row.notes.startedByRole ?? 'unknown',
      },
      company: { realmId: row.realmId, name: connection?.companyName ?? null },
      ...(row.run.status === 'passed'
        ? auditDetail.testSyncPassed(row.run.amountCents)
        : auditDetail.testSyncFailed(failed?.id ?? 'a step', failed?.problem?.message ?? 'unknown')),
    });
    logger.info('test_sync.finished', {
      tenantId: row.tenantId,
      runId: row.id,
      status: row.run.status,
      ...(failed ? { failedStep: failed.id, code: failed.problem?.code } : {}),
    });
  }

  // ---- steps in Exoserva -------------------------------------------------------------------------------

  const exoProblem = (what: string, r: Extract<ExoApiResult<unknown>, { ok: false }>): TestSyncProblem => ({
    code: 'exoserva_failed',
    mappingEntry: null,
    message: `Exoserva could not ${what}: ${r.error.message}`,
  });

  /**
   * Runs one Exoserva write exactly once across restarts: the step is marked as writing before the call, and a
   * step found marked (the process died mid-call) first looks for what the call may have created.
   */
  async function writeOnce<T>(
    row: TestSyncRow,
    owner: string,
    step: TestSyncStepId,
    find: () => Promise<T | null>,
    create: () => Promise<ExoApiResult<T>>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: ExoApiResult<T> & { ok: false } } | 'lost'> {
    if (row.notes.writingSince) {
      const found = await find();
      if (found) return { ok: true, value: found };
    } else {
      row.notes.writingSince = now().toISOString();
      setStep(row, step, { state: 'running' });
      if (!(await save(row, owner))) return 'lost';
    }
    const created = await create();
    return created.ok ? created : { ok: false, error: created };
  }

  async function createCustomer(row: TestSyncRow, owner: string, api: ExoservaApi): Promise<Advance> {
    const res = await writeOnce(
      row,
      owner,
      'create_customer',
      async () => {
        const list = await api.listRecords(row.tenantId, 'customer');
        return list.ok
          ? (list.value.find(
              (c) => c.displayName === TEST_CUSTOMER_NAME && c.updatedAt >= row.run.startedAt,
            ) ?? null)
          : null;
      },
      () => api.createCustomer(row.tenantId, { displayName: TEST_CUSTOMER_NAME }),
    );
    if (res === 'lost') return { next: 'stop' };
    delete row.notes.writingSince;
    if (!res.ok) failRun(row, 'create_customer', exoProblem('create the test customer', res.error));
    else {
      row.run.records.customer = { exoId: res.value.id, qboId: null, label: res.value.displayName };
      row.notes.versions = { ...row.notes.versions, customer: res.value.version };
      setStep(row, 'create_customer', { state: 'passed' });
    }
    return (await save(row, owner)) ? { next: 'continue' } : { next: 'stop' };
  }

  async function createInvoice(row: TestSyncRow, owner: string, api: ExoservaApi): Promise<Advance> {
    const customer = row.run.records.customer;
    if (!customer) return { next: 'stop' };
    const number = testInvoiceNumber(row.id);
    const res = await writeOnce(
      row,
      owner,
      'create_invoice',
      async () => {
        const list = await api.listRecords(row.tenantId, 'invoice');
        return list.ok ? (list.value.find((i) => i.number === number) ?? null) : null;
      },
      () =>
        api.createInvoice(row.tenantId, {
          customerId: customer.exoId,
          number,
          lines: [
            {
              kind: 'labor',
              description: 'Test sync — Service Revenue',
              quantityMilli: 1000,
              unitPriceCents: row.run.amountCents,
            },
          ],
        }),
    );
    if (res === 'lost') return { next: 'stop' };
    delete row.notes.writingSince;
    if (!res.ok) failRun(row, 'create_invoice', exoProblem('create the test invoice', res.error));
    else if (res.value.totalCents !== row.run.amountCents) {
      failRun(row, 'create_invoice', {
        code: 'exoserva_failed',
        mappingEntry: null,
        expectedCents: row.run.amountCents,
        actualCents: res.value.totalCents,
        message: `Exoserva totalled the test invoice at ${formatDollars(res.value.totalCents)}`,
      });
    } else {
      row.run.records.invoice = { exoId: res.value.id, qboId: null, label: res.value.number };
      row.notes.versions = { ...row.notes.versions, invoice: res.value.version };
      setStep(row, 'create_invoice', { state: 'passed', actualCents: res.value.totalCents });
    }
    return (await save(row, owner)) ? { next: 'continue' } : { next: 'stop' };
  }

  async function markPaid(row: TestSyncRow, owner: string, api: ExoservaApi): Promise<Advance> {
    const invoice = row.run.records.invoice;
    if (!invoice) return { next: 'stop' };
    const res = await writeOnce(
      row,
      owner,
      'mark_paid',
      async () => {
        const list = await api.listRecords(row.tenantId, 'payment');
        return list.ok ? (list.value.find((p) => p.invoiceId === invoice.exoId) ?? null) : null;
      },
      // "Mark it Paid manually": a cash payment, routed by the tenant's cash routing.
      () => api.recordPayment(row.tenantId, invoice.exoId, { method: 'cash' }),
    );
    if (res === 'lost') return { next: 'stop' };
    delete row.notes.writingSince;
    if (!res.ok) {
      failRun(row, 'mark_paid', exoProblem('mark the test invoice paid', res.error));
      return (await save(row, owner)) ? { next: 'continue' } : { next: 'stop' };
    }
    // Paying in full moved the invoice to a new version ("paid"): Sync Now sends that one.
    const paid = await api.getRecord(row.tenantId, 'invoice', invoice.exoId);
    row.run.records.payment = {
      exoId: res.value.id,
      qboId: null,
      label: formatDollars(res.value.amountCents),
    };
    row.notes.versions = {
      ...row.notes.versions,
      payment: res.value.version,
      ...(paid.ok ? { invoice: paid.value.version } : {}),
    };
    setStep(row, 'mark_paid', { state: 'passed', actualCents: res.value.amountCents });
    return (await save(row, owner)) ? { next: 'continue' } : { next: 'stop' };
  }

  // ---- Sync Now, and waiting for it --------------------------------------------------------------------

  const refsOf = (row: TestSyncRow) =>
    (['customer', 'invoice', 'payment'] as const).flatMap((kind) => {
      const record = row.run.records[kind];
      return record ? [{ kind, id: record.exoId, ref: refString(kind, record.exoId) }] : [];
    });

  /** True once the BFF has received Exoserva's event for every version this run wrote. */
  async function eventsArrived(row: TestSyncRow): Promise<boolean> {
    const versions = row.notes.versions ?? {};
    const { rows } = await db.query<{ object_id: string; v: number | string }>(
      `SELECT object_id, max(object_version) AS v FROM exo_events
        WHERE tenant_id = $1 AND object_id = ANY($2::text[]) GROUP BY object_id`,
      [row.tenantId, refsOf(row).map((r) => r.id)],
    );
    const seen = new Map(rows.map((r) => [String(r.object_id), Number(r.v)]));
    return refsOf(row).every((r) => (seen.get(r.id) ?? 0) >= (versions[r.kind] ?? 1));
  }

  async function syncNow(
    row: TestSyncRow,
    owner: string,
    ctx: QboCallContext,
    mapping: AccountMapping,
  ): Promise<Advance> {
    if (!row.notes.balancesBefore) {
      setStep(row, 'sync_now', { state: 'running' });
      // Balances before anything of this run reaches QuickBooks: the checks compare against them.
      const income = await read(ctx, 'Account', mapping.serviceRevenueAccountId);
      const depositId =
        depositEntry(mapping) === 'bank_deposit'
          ? mapping.bankDepositAccountId
          : mapping.undepositedFundsAccountId;
      const deposit = await read(ctx, 'Account', depositId);
      if (!income.ok || !deposit.ok) {
        failRun(
          row,
          'sync_now',
          unavailable(!income.ok ? income.failure : (deposit as { failure: SyncFailure }).failure),
        );
        return (await save(row, owner)) ? { next: 'continue' } : { next: 'stop' };
      }
      if (!income.value || !deposit.value) {
        failRun(row, 'sync_now', {
          code: 'missing_in_quickbooks',
          mappingEntry: !income.value ? 'service_revenue' : depositEntry(mapping),
          message: 'A mapped account is not in QuickBooks any more',
        });
        return (await save(row, owner)) ? { next: 'continue' } : { next: 'stop' };
      }
      row.run.mappingVersion = mapping.version;
      row.run.accounts = {
        income: { id: mapping.serviceRevenueAccountId, name: String(income.value.Name ?? '') },
        deposit: { id: depositId, name: String(deposit.value.Name ?? ''), entry: depositEntry(mapping) },
      };
      row.notes.balancesBefore = {
        income: qboToCents(income.value.CurrentBalance as number),
        deposit: qboToCents(deposit.value.CurrentBalance as number),
      };
      return (await save(row, owner)) ? { next: 'continue' } : { next: 'stop' };
    }

    if (!row.notes.syncRequestedAt) {
      // Exoserva's events for these records coalesce into the same queue rows; waiting for them first means
      // none arrives after the records landed (it would leave a row pending while auto-sync is off).
      if (!(await eventsArrived(row))) {
        if (!row.notes.eventsWaitSince) {
          row.notes.eventsWaitSince = now().toISOString();
          return (await save(row, owner)) ? { next: 'wait', ms: 100 } : { next: 'stop' };
        }
        if (clock.now() - Date.parse(row.notes.eventsWaitSince) < eventWaitMs)
          return { next: 'wait', ms: 100 };
      }
      // Sync Now for exactly these records, customer first (the engine's planner orders them anyway): normal
      // queue rows, so the engine's deterministic requestids and look-ups keep it exactly once.
      const versions = row.notes.versions ?? {};
      for (const r of refsOf(row)) {
        await syncStore.enqueue(db, {
          tenantId: row.tenantId,
          kind: r.kind,
          recordId: r.id,
          version: versions[r.kind] ?? 0,
          now: now(),
          runNow: true,
        });
      }
      row.notes.syncRequestedAt = now().toISOString();
      if (!(await save(row, owner))) return { next: 'stop' };
      options.onQueued?.();
      return { next: 'wait', ms: 200 };
    }

    const refs = refsOf(row);
    const states = await syncStore.statesOf(
      db,
      row.tenantId,
      refs.map((r) => r.ref),
    );
    const failedRefs = refs.filter((r) => ['failed', 'blocked'].includes(states.get(r.ref) ?? ''));
    if (failedRefs.length > 0) {
      const failures = await syncStore.failures(db, row.tenantId);
      const first = failures.find((f) => failedRefs.some((r) => r.kind === f.kind && r.id === f.id));
      const root =
        failures.find((f) => failedRefs.some((r) => r.kind === f.kind && r.id === f.id) && !f.blockedBy) ??
        first;
      failRun(row, 'sync_now', {
        code: 'sync_failed',
        mappingEntry: root?.failure.code === 'account_not_found' ? 'service_revenue' : null,
        message: root ? `${root.kind} ${root.id}: ${root.failure.title}` : 'A test record failed to sync',
        ...(root ? { syncFailure: root.failure } : {}),
      });
      return (await save(row, owner)) ? { next: 'continue' } : { next: 'stop' };
    }
    if (refs.every((r) => states.get(r.ref) === 'done')) {
      const links = await syncStore.links(
        db,
        row.tenantId,
        row.realmId,
        refs.map((r) => r.ref),
      );
      const missing = refs.filter((r) => !links.has(r.ref));
      if (missing.length === 0) {
        for (const r of refs) {
          const record = row.run.records[r.kind];
          if (record) record.qboId = links.get(r.ref)?.qboId ?? null;
        }
        setStep(row, 'sync_now', { state: 'passed' });
        return (await save(row, owner)) ? { next: 'continue' } : { next: 'stop' };
      }
    }
    if (clock.now() - Date.parse(row.notes.syncRequestedAt) > syncTimeoutMs) {
      failRun(row, 'sync_now', {
        code: 'timed_out',
        mappingEntry: null,
        message: `The test records did not land within ${Math.round(syncTimeoutMs / 1000)} s`,
      });
      return (await save(row, owner)) ? { next: 'continue' } : { next: 'stop' };
    }
    // An event that came in after all (it re-queued a row without Sync Now): send it now, not at auto-sync.
    await testSyncStore.runNowIfWaiting(
      db,
      row.tenantId,
      refs.map((r) => r.ref),
      now(),
    );
    return { next: 'wait', ms: 200 };
  }

  // ---- the checks ------------------------------------------------------------------------------------

  async function verify(row: TestSyncRow, owner: string, ctx: QboCallContext): Promise<Advance> {
    const { records, accounts, amountCents } = row.run;
    const before = row.notes.balancesBefore;
    if (
      !records.customer ||
      !records.invoice ||
      !records.payment ||
      !accounts.income ||
      !accounts.deposit ||
      !before
    )
      return { next: 'stop' };
    const reads = {
      customer: await read(ctx, 'Customer', String(records.customer.qboId)),
      invoice: await read(ctx, 'Invoice', String(records.invoice.qboId)),
      payment: await read(ctx, 'Payment', String(records.payment.qboId)),
      income: await read(ctx, 'Account', accounts.income.id),
      deposit: await read(ctx, 'Account', accounts.deposit.id),
    };
    const itemId = reads.invoice.ok ? laborItemIdOf(reads.invoice.value) : null;
    const item = itemId ? await read(ctx, 'Item', itemId) : { ok: true as const, value: null };
    const value = (r: { ok: true; value: QboEntity | null } | { ok: false }) => (r.ok ? r.value : null);
    const checks: Array<[TestSyncStepId, CheckResult | { ok: false; failure: SyncFailure }]> = [
      [
        'verify_customer',
        reads.customer.ok ? checkCustomer(reads.customer.value, records.customer.label) : reads.customer,
      ],
      ['verify_invoice', reads.invoice.ok ? checkInvoice(reads.invoice.value, amountCents) : reads.invoice],
      [
        'verify_payment',
        reads.payment.ok && reads.invoice.ok
          ? checkPayment({
              payment: reads.payment.value,
              invoiceAfter: reads.invoice.value,
              amountCents,
              deposit: accounts.deposit,
            })
          : reads.payment.ok
            ? (reads.invoice as { ok: false; failure: SyncFailure })
            : reads.payment,
      ],
      [
        'verify_income',
        reads.income.ok
          ? checkIncome({
              beforeCents: before.income,
              account: reads.income.value,
              income: accounts.income,
              laborItem: value(item),
              amountCents,
            })
          : reads.income,
      ],
      [
        'verify_deposit',
        reads.deposit.ok
          ? checkDeposit({
              beforeCents: before.deposit,
              account: reads.deposit.value,
              deposit: accounts.deposit,
              payment: value(reads.payment),
              amountCents,
            })
          : reads.deposit,
      ],
    ];
    for (const [step, result] of checks) {
      if (result.ok)
        setStep(row, step, {
          state: 'passed',
          ...(result.actualCents === undefined ? {} : { actualCents: result.actualCents }),
        });
      else
        setStep(row, step, {
          state: 'failed',
          problem: 'failure' in result ? unavailable(result.failure) : result.problem,
        });
    }
    return { next: 'continue' };
  }

  // ---- the runner --------------------------------------------------------------------------------------

  /** Advances one claimed run as far as it can go now. */
  async function advance(row: TestSyncRow, owner: string, budget: { steps: number }): Promise<void> {
    for (;;) {
      if (budget.steps-- <= 0) return;
      if (row.run.status !== 'running') return finish(row, owner);
      const step = row.run.steps.find((s) => s.state === 'waiting' || s.state === 'running');
      if (!step) return finish(row, owner);
      let advanced: Advance;
      if (!exoserva) {
        failRun(row, step.id, {
          code: 'exoserva_failed',
          mappingEntry: null,
          message: 'EXOSERVA_API_URL is not configured',
        });
        advanced = { next: 'continue' };
      } else if (step.id === 'create_customer') advanced = await createCustomer(row, owner, exoserva);
      else if (step.id === 'create_invoice') advanced = await createInvoice(row, owner, exoserva);
      else if (step.id === 'mark_paid') advanced = await markPaid(row, owner, exoserva);
      else {
        const token = await tokens.getAccessToken(row.tenantId);
        if (!token.ok) {
          failRun(row, step.id, {
            code: 'quickbooks_unavailable',
            mappingEntry: null,
            message: token.error.message,
          });
          advanced = { next: 'continue' };
        } else {
          const ctx = { realmId: token.value.realmId, accessToken: token.value.accessToken };
          const mapping = await syncStore.latestMapping(db, row.tenantId, ctx.realmId);
          if (!mapping) {
            failRun(row, step.id, {
              code: 'sync_failed',
              mappingEntry: 'service_revenue',
              message: 'Accounts are not mapped yet',
            });
            advanced = { next: 'continue' };
          } else if (step.id === 'sync_now') advanced = await syncNow(row, owner, ctx, mapping);
          else advanced = await verify(row, owner, ctx);
        }
      }
      if (advanced.next === 'stop') return;
      if (advanced.next === 'wait') {
        await testSyncStore.release(db, row.id, owner, later(advanced.ms));
        return;
      }
    }
  }

  let runnerOwner = '';
  const runner = createRunnerLoop({
    tickMs,
    logger,
    failureEvent: 'test_sync.runner_failed',
    round: () => service.runOnce(runnerOwner),
  });

  const service = {
    /** The latest run, and whether a passing test unlocks auto-sync. */
    async current(tenantId: string): Promise<TestSyncCurrentResponse> {
      const [latest, settings, gate] = await Promise.all([
        testSyncStore.latest(db, tenantId),
        syncStore.settings(db, tenantId),
        service.autoSyncGate(tenantId),
      ]);
      return {
        run: latest?.run ?? null,
        autoSync: settings.autoSync,
        passedAt: gate.passedAt?.toISOString() ?? null,
        lock: gate.lock,
      };
    },

    /**
     * Whether auto-sync may go on without an override: a test passed for this company, with the mapping it
     * checked still the newest.
     */
    async autoSyncGate(
      tenantId: string,
    ): Promise<{ lock: 'never_passed' | 'mapping_changed' | null; passedAt: Date | null }> {
      const connection = await connectionStore.get(db, tenantId);
      if (!connection?.realmId) return { lock: 'never_passed', passedAt: null };
      const pass = await testSyncStore.latestPass(db, tenantId, connection.realmId);
      if (!pass) return { lock: 'never_passed', passedAt: null };
      const mapping = await syncStore.latestMapping(db, tenantId, connection.realmId);
      const lock = mapping && mapping.version !== pass.mappingVersion ? 'mapping_changed' : null;
      return { lock, passedAt: pass.finishedAt };
    },

    async start(session: SessionClaims, request: TestSyncStartRequest): Promise<Result<TestSyncRun>> {
      if (request.amountCents === 0) {
        return failure('validation_failed', ZERO_AMOUNT_REASON, { reason: 'zero_amount' });
      }
      if (request.amountCents !== undefined && request.amountCents !== TEST_SYNC_AMOUNT_CENTS) {
        return failure(
          'validation_failed',
          `The test sync always uses ${formatDollars(TEST_SYNC_AMOUNT_CENTS)}.`,
          { reason: 'fixed_amount' },
        );
      }
      if (!exoserva) return failure('exoserva_unavailable', 'Exoserva is not configured for this service.');
      const connection = await connectionStore.get(db, session.tid);
      if (connection?.status !== 'connected' || !connection.realmId) {
        return failure('conflict', 'Connect QuickBooks before running the test sync.', {
          reason: 'not_connected',
        });
      }
      const mapping = await syncStore.latestMapping(db, session.tid, connection.realmId);
      if (!mapping) {
        return failure('conflict', 'Map your chart of accounts before running the test sync.', {
          reason: 'mapping_required',
        });
      }
      const latest = await testSyncStore.latest(db, session.tid);
      if (latest?.status === 'running') {
        return failure('conflict', 'A test sync is already running.', { reason: 'run_in_progress' });
      }
      const left = latest && !latest.cleaned && Object.values(latest.run.records).some((r) => r !== null);
      if (left) {
        return failure(
          'conflict',
          'Clean up the last test’s records first: a second "Test Customer ZZ" would clash in QuickBooks.',
          { reason: 'cleanup_first' },
        );
      }
      const at = now();
      const id = randomUUID();
      const row: TestSyncRow = {
        id,
        tenantId: session.tid,
        realmId: connection.realmId,
        mappingVersion: mapping.version,
        status: 'running',
        run: newRun(id, session, at, mapping.version),
        notes: { startedByRole: session.role },
        cleaned: false,
      };
      if (!(await testSyncStore.insert(db, { row, startedBy: session.sub, now: at }))) {
        return failure('conflict', 'A test sync is already running.', { reason: 'run_in_progress' });
      }
      logger.info('test_sync.started', { tenantId: session.tid, runId: row.id, userId: session.sub });
      runner.wake();
      return ok(row.run);
    },

    /** Removes the test records on both sides, idempotently, and says what it did item by item. */
    async cleanup(session: SessionClaims, id: string): Promise<Result<TestSyncRun>> {
      const row = await testSyncStore.get(db, session.tid, id);
      if (!row) return failure('not_found', 'No such test sync run.');
      if (row.status === 'running') {
        return failure('conflict', 'The test is still running; clean up when it has finished.', {
          reason: 'run_in_progress',
        });
      }
      if (!exoserva) return failure('exoserva_unavailable', 'Exoserva is not configured for this service.');
      const token = await tokens.getAccessToken(session.tid);
      if (!token.ok) return token;
      const ctx = { realmId: token.value.realmId, accessToken: token.value.accessToken };
      const result = await cleanUpTestRecords({ db, clock, exoserva, qbo, limiter, ctx, row, read });
      row.run.cleanup = result;
      const cleaned = result.status === 'done';
      await db.transaction(async (tx) => {
        await testSyncStore.saveCleanup(tx, row, cleaned, now());
        const connection = await connectionStore.get(tx, session.tid);
        await auditStore.append(tx, {
          tenantId: session.tid,
          at: now(),
          action: 'test_sync_cleanup',
          actor: { userId: session.sub, name: session.name ?? null, role: session.role },
          company: { realmId: row.realmId, name: connection?.companyName ?? null },
          detail: result.items
            .map(
              (i) =>
                `${i.system === 'quickbooks' ? 'QuickBooks' : 'Exoserva'} ${i.kind} ${i.label}: ${i.action.replace('_', ' ')}`,
            )
            .join('; '),
        });
      });
      // A late event may have queued one of them again: let the engine find it gone now, not at auto-sync.
      await testSyncStore.runNowIfWaiting(
        db,
        session.tid,
        refsOf(row).map((r) => r.ref),
        now(),
      );
      options.onQueued?.();
      logger.info('test_sync.cleaned', { tenantId: session.tid, runId: row.id, status: result.status });
      return ok(row.run);
    },

    /** One round: advance every run whose lease is free. `maxSteps` lets a test stop a run midway. */
    async runOnce(owner: string, runOptions: { maxSteps?: number } = {}): Promise<number> {
      let advanced = 0;
      for (;;) {
        const row = await testSyncStore.claim(db, owner, now(), later(leaseMs));
        if (!row) return advanced;
        advanced += 1;
        try {
          await advance(row, owner, { steps: runOptions.maxSteps ?? 100 });
        } catch (error) {
          logger.error('test_sync.advance_failed', { runId: row.id, error });
          await testSyncStore.release(db, row.id, owner, later(1000)).catch(() => undefined);
        }
        if (runOptions.maxSteps !== undefined) return advanced;
      }
    },

    /** Advances runs in this process until `stopRunner()`; a dead process's runs are taken over. */
    startRunner(owner: string): void {
      runnerOwner = owner;
      runner.start();
    },

    stopRunner: () => runner.stop(),
  };
  return service;
}

export type TestSyncService = ReturnType<typeof createTestSyncService>;
