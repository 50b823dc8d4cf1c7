/**
 * Chaos: many events while QuickBooks fails in every way the sandbox can (5xx, dropped responses after the
 * write landed, 429 storms on top of Intuit's real limits, every access token expiring), workers stopped
 * and restarted mid-run, and a "process" that dies right after its writes land (its leases must expire and
 * be taken over). Then: QuickBooks holds exactly one of each record and the books match Exoserva to the
 * cent. On PGlite always; on PostgreSQL with two BFF instances sharing the queue when DATABASE_URL is set.
 *
 * SYNC_CHAOS_COUNT (default 40) is the number of customer → invoice → payment chains; ~3.5 events each.
 */
import type { ExoCustomer, ExoInvoice, ExoPayment, ExoPayout, ExoRefund } from '@exoserva/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { createSyncEngine } from '../src/services/sync-engine.service.ts';
import { createQboRateLimiter } from '../src/services/qbo-rate-limiter.ts';
import { nodeQuickBooksSyncApi } from '../src/adapters/node-quickbooks-sync-api.ts';
import { httpExoservaApi } from '../src/adapters/http-exoserva-api.ts';
import type { QboSyncApi } from '../src/ports/qbo-sync-api.ts';
import { loadConfig } from '../src/config.ts';
import { signSession, testEnv } from './support/env.ts';
import { freshPglite } from './support/pglite-template.ts';
import { createPostgresSchema, POSTGRES_URL } from './support/postgres.ts';
import { API_KEY, REALM, startSyncWorld, TENANT, uniqueName, type SyncWorld } from './support/sync-world.ts';

const COUNT = Number(process.env.SYNC_CHAOS_COUNT ?? 40);
const cents = (amount: unknown) => Math.round(Number(amount) * 100);
const TIMEOUT = 60_000 + COUNT * 1500;

let world: SyncWorld | undefined;
let dropSchema: (() => Promise<void>) | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
  await dropSchema?.();
  dropSchema = undefined;
});

interface Expected {
  customers: ExoCustomer[];
  invoices: ExoInvoice[];
  payments: ExoPayment[];
  refunds: ExoRefund[];
  payouts: ExoPayout[];
}

/** Creates COUNT chains, a few at a time, as a steady stream of events. */
async function generate(w: SyncWorld, during: (i: number) => Promise<void>): Promise<Expected> {
  const out: Expected = { customers: [], invoices: [], payments: [], refunds: [], payouts: [] };
  const chain = async (i: number) => {
    const customer = await w.exoPost<ExoCustomer>('/customers', {
      displayName: uniqueName(`Chaos ${i}`),
      email: `c${i}@example.com`,
    });
    out.customers.push(customer);
    const invoice = await w.exoPost<ExoInvoice>('/invoices', {
      customerId: customer.id,
      lines: [
        {
          kind: 'labor',
          description: 'Labor',
          quantityMilli: 1000 + (i % 7) * 333,
          unitPriceCents: 9500 + i,
        },
        {
          kind: 'part',
          description: 'Part',
          quantityMilli: 1000 + (i % 3) * 1000,
          unitPriceCents: 1999,
          taxable: true,
        },
      ],
      ...(i % 4 === 0 ? { discounts: [{ description: 'Promo', amountCents: 500 }] } : {}),
      ...(i % 2 === 0 ? { taxRateId: 'tax_denver' } : {}),
      internalNotes: 'CHAOS-INTERNAL',
    });
    out.invoices.push(invoice);
    const payment = await w.exoPost<ExoPayment>(`/invoices/${invoice.id}/payments`, {
      method: i % 3 === 0 ? 'cash' : 'card',
    });
    out.payments.push(payment);
    if (i % 5 === 0) {
      out.refunds.push(
        await w.exoPost<ExoRefund>(`/payments/${payment.id}/refunds`, { amountCents: 100 + i }),
      );
    }
  };
  for (let i = 0; i < COUNT; i += 5) {
    await Promise.all(Array.from({ length: Math.min(5, COUNT - i) }, (_, k) => chain(i + k)));
    await during(i);
    if (i % 15 === 10) {
      try {
        out.payouts.push(await w.exoPost<ExoPayout>('/payouts', { feeCents: 37 + i }));
      } catch {
        // nothing unrefunded to pay out in this round
      }
    }
  }
  try {
    out.payouts.push(await w.exoPost<ExoPayout>('/payouts', { feeCents: 11 }));
  } catch {
    // every card payment is already in a payout
  }
  return out;
}

/** A process that dies right after its QuickBooks writes land: it never records them, never releases. */
function dyingAfterWrites(real: QboSyncApi): QboSyncApi {
  const die = <T>(p: Promise<T>) => p.then(() => new Promise<never>(() => undefined));
  return {
    ...real,
    create: (...a) => die(real.create(...a)),
    update: (...a) => die(real.update(...a)),
    batch: (...a) => die(real.batch(...a)),
  };
}

async function assertBooksMatch(w: SyncWorld, expected: Expected) {
  const [customers = [], invoices = [], payments = [], refunds = [], deposits = []] = await Promise.all(
    ['Customer', 'Invoice', 'Payment', 'RefundReceipt', 'Deposit'].map((e) => w.qboList(e)),
  );
  const note = (e: Record<string, unknown>) => String(e.PrivateNote ?? '');
  for (const c of expected.customers) {
    expect(
      customers.filter((q) => q.DisplayName === c.displayName),
      c.displayName,
    ).toHaveLength(1);
  }
  expect(invoices).toHaveLength(expected.invoices.length);
  for (const inv of expected.invoices) {
    const found = invoices.filter((q) => note(q).endsWith(`Exoserva invoice ${inv.id}`));
    expect(found, inv.id).toHaveLength(1);
    expect(cents(found[0]?.TotalAmt)).toBe(inv.totalCents);
  }
  expect(payments).toHaveLength(expected.payments.length);
  for (const p of expected.payments) {
    const found = payments.filter((q) => new RegExp(`Exoserva payment ${p.id}( |$)`).test(note(q)));
    expect(found, p.id).toHaveLength(1);
    expect(cents(found[0]?.TotalAmt)).toBe(p.amountCents);
  }
  expect(refunds).toHaveLength(expected.refunds.length);
  for (const r of expected.refunds) {
    const found = refunds.filter((q) => note(q).endsWith(`refund ${r.id}`));
    expect(found, r.id).toHaveLength(1);
    expect(cents(found[0]?.TotalAmt)).toBe(r.amountCents);
  }
  expect(deposits).toHaveLength(expected.payouts.length);
  for (const po of expected.payouts) {
    const found = deposits.filter((q) => note(q).startsWith(`Exoserva payout ${po.id} `));
    expect(found, po.id).toHaveLength(1);
    expect(cents(found[0]?.TotalAmt)).toBe(po.netCents);
  }
  // The books: A/R is zero (every invoice paid), and Σ QuickBooks totals equal Σ Exoserva totals.
  const sum = (xs: Record<string, unknown>[]) => xs.reduce((s, x) => s + cents(x.TotalAmt), 0);
  expect(sum(invoices)).toBe(expected.invoices.reduce((s, x) => s + x.totalCents, 0));
  expect(sum(payments)).toBe(expected.payments.reduce((s, x) => s + x.amountCents, 0));
  expect(sum(deposits)).toBe(expected.payouts.reduce((s, x) => s + x.netCents, 0));
  expect(invoices.every((i) => cents(i.Balance) === 0)).toBe(true);
  expect(JSON.stringify(invoices)).not.toContain('CHAOS-INTERNAL');
}

/**
 * The faults of a run. Outages come in every shape client libraries report from Intuit (JSON SystemFaults, HTML
 * 502/503 pages from the load balancer, the gateway's JSON 500 with errorCode=003100); with `requestIds: 'ignore'`
 * Intuit forgets requestids, as public reports say it sometimes does — then only the look-up before re-creating
 * after an ambiguous outcome keeps each record single.
 */
function faultsFor(seed: number, requestIds: 'replay' | 'ignore') {
  return { errorRate: 0.1, dropRate: 0.08, seed, errorShape: seed % 2 ? 'outages' : 'json', requestIds };
}

async function setBooksClosed(w: SyncWorld, date: string | null) {
  await fetch(`${w.qbo.url}/_sandbox/companies/${REALM}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ bookCloseDate: date }),
  });
}

async function runChaos(w: SyncWorld, requestIds: 'replay' | 'ignore' = 'replay') {
  const first = w.instances[0]!;
  const config = loadConfig(testEnv({ QBO_API_BASE_URL: `${w.qbo.url}/v3/company/` }));
  // The doomed process: same database, same queue, its writes land and then it is gone.
  const doomed = createSyncEngine({
    db: first.bff.database,
    clock: { now: () => Date.now() },
    logger: first.bff.logger,
    tokens: first.bff.services.tokens,
    exoserva: httpExoservaApi({ baseUrl: w.exo.url, apiKey: API_KEY }),
    qbo: dyingAfterWrites(nodeQuickBooksSyncApi(config.qbo)),
    limiter: createQboRateLimiter({
      db: first.bff.database,
      clock: { now: () => Date.now() },
      inFlightMs: 3000,
    }),
    leaseMs: 3000,
    // A dead process sends no heartbeat: its leases must run out for the others to take over.
    heartbeatMs: 0,
  });
  let doomedRuns = 0;
  const today = new Date().toISOString().slice(0, 10);

  await w.faults(faultsFor(7, requestIds));
  const expected = await generate(w, async (i) => {
    if (i === 10) {
      // Intuit throttles everything for a moment, on top of its real limits — in XML, though JSON was asked for.
      await w.faults({ throttle: true, throttleBody: 'xml', requestIds });
      await new Promise((r) => setTimeout(r, 300));
      await w.faults(faultsFor(8, requestIds));
    }
    if (i === 15) await w.faults({ ...faultsFor(9, requestIds), expireTokens: true });
    if (i === 20 || i === 30) {
      // A worker stops mid-run (deploy) and comes back.
      for (const inst of w.instances) await inst.bff.syncWorker?.stop();
      void doomed.runOnce('doomed#0');
      doomedRuns += 1;
      await new Promise((r) => setTimeout(r, 200));
      for (const inst of w.instances) inst.bff.syncWorker?.start();
    }
    // The bookkeeper closes the books (month end): what is dated today fails for a person…
    if (i === 25) await setBooksClosed(w, today);
  });
  // …who reopens them once the rest has settled and presses Retry all: each refused record goes again with a new
  // requestid, once.
  await w.settle(45_000 + COUNT * 1000);
  await setBooksClosed(w, null);
  const owner = await signSession({ tid: TENANT });
  await fetch(`${first.url}/api/v1/sync/run`, {
    method: 'POST',
    headers: { authorization: `Bearer ${owner}` },
  });
  const counts = await w.settle(45_000 + COUNT * 1000);
  await w.faults({});
  return { expected, counts, doomedRuns };
}

/** How many records the closed-books period refused (each then landed on Retry all). */
async function refusedForClosedBooks(w: SyncWorld): Promise<number> {
  const { rows } = await w.instances[0]!.bff.database.query<{ n: string | number }>(
    `SELECT count(DISTINCT record_id) AS n FROM sync_log WHERE event = 'failed' AND failure->>'code' = 'books_closed'`,
  );
  return Number(rows[0]?.n ?? 0);
}

async function report(w: SyncWorld, label: string, counts: Record<string, number>) {
  const stats = (await (await fetch(`${w.qbo.url}/_sandbox/requests`)).json()) as { outcome: string }[];
  const byOutcome: Record<string, number> = {};
  for (const s of stats) byOutcome[s.outcome] = (byOutcome[s.outcome] ?? 0) + 1;
  const closed = await refusedForClosedBooks(w);
  console.info(
    `[chaos ${label}] chains=${COUNT} queue=${JSON.stringify(counts)} qbo=${JSON.stringify(byOutcome)} refused-for-closed-books=${closed}`,
  );
  // The closed-books period is not a formality: it refused records, and each still landed exactly once.
  expect(closed).toBeGreaterThan(0);
  const { rows } = await w.instances[0]!.bff.database.query<{
    kind: string;
    state: string;
    failure: unknown;
  }>("SELECT kind, state, failure FROM sync_work WHERE state <> 'done'");
  if (rows.length > 0) console.warn(`[chaos ${label}] not done:`, JSON.stringify(rows));
}

describe('chaos: exactly once under every fault', () => {
  it(
    'on PGlite: one of each record in QuickBooks and the books match to the cent',
    async () => {
      const db = await freshPglite();
      world = await startSyncWorld({ openDatabase: () => db, workersPerInstance: 4 });
      const { expected, counts } = await runChaos(world);
      await report(world, 'pglite', counts);
      expect(counts).toEqual({ done: counts.done });
      await assertBooksMatch(world, expected);
    },
    TIMEOUT,
  );

  it(
    'on PGlite with Intuit ignoring requestids: looking a record up before re-creating it keeps it single',
    async () => {
      const db = await freshPglite();
      world = await startSyncWorld({ openDatabase: () => db, workersPerInstance: 4 });
      const { expected, counts } = await runChaos(world, 'ignore');
      await report(world, 'pglite, requestids ignored', counts);
      expect(counts).toEqual({ done: counts.done });
      await assertBooksMatch(world, expected);
    },
    TIMEOUT,
  );

  const noPg = !POSTGRES_URL;
  if (noPg)
    console.warn('sync.chaos: DATABASE_URL is not set, so the PostgreSQL run (two BFF instances) is skipped');
  it.skipIf(noPg)(
    'on PostgreSQL with two BFF instances sharing the queue: one of each record and the books match',
    async () => {
      const pg = await createPostgresSchema(POSTGRES_URL as string);
      dropSchema = pg.drop;
      world = await startSyncWorld({ openDatabase: () => pg.open(), instances: 2, workersPerInstance: 3 });
      const { expected, counts } = await runChaos(world);
      await report(world, 'postgres x2', counts);
      expect(counts).toEqual({ done: counts.done });
      await assertBooksMatch(world, expected);
      expect(TENANT).toBe('ten_summit');
    },
    TIMEOUT,
  );
});
