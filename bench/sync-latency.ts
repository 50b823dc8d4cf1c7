/**
 * Sync engine benchmark (issue 6). Run with tsx from the repository root:
 *
 *   pnpm exec tsx bench/sync-latency.ts [backfillRecords=900] [latencySeconds=30] [baselineRecords=backfillRecords]
 *   QBO_LATENCY=intuit pnpm exec tsx bench/sync-latency.ts …   # both companies answer with Intuit-like latency
 *
 * QBO_LATENCY=intuit turns on the QBO stand-in's latency model (its README: hundreds of ms a request, batches
 * longer) for the engine's company and the baseline's alike, so the figures show what real latency does.
 *
 * The plain loop is bound by 500 single requests/min, so a few thousand records already show its steady rate;
 * `baselineRecords` keeps a 10,000-record engine run from spending 20 more minutes on the baseline.
 *
 * 1. Latency: a steady 5 events/s for one company (customer → invoice → payment chains) with the QBO
 *    sandbox's throttling ON; event → visible in QuickBooks (first poll of the sandbox that shows the
 *    entity), p50/p95/p99. Beside it, the baseline: a plain loop that writes each record with one
 *    node-quickbooks request as the event arrives (into a second company, same limits).
 * 2. Backfill: `backfillRecords` records (⅓ customers, ⅓ invoices, ⅓ payments) queued with auto-sync off,
 *    then Sync Now; records/min against the ceiling Intuit's limits allow, and against the plain loop.
 */
import { performance } from 'node:perf_hooks';
import type { AccountMapping, ExoCustomer, ExoInvoice, ExoPayment } from '@exoserva/contracts';
import { mapCustomer, mapInvoice, mapPayment, type QboEntityName } from '../packages/sync-core/src/index.ts';
import { nodeQuickBooksSyncApi } from '../apps/bff/src/adapters/node-quickbooks-sync-api.ts';
import { loadConfig } from '../apps/bff/src/config.ts';
import type { QboCallContext } from '../apps/bff/src/ports/qbo-sync-api.ts';
import { testEnv } from '../apps/bff/test/support/env.ts';
import { freshPglite } from '../apps/bff/test/support/pglite-template.ts';
import { REALM, startSyncWorld, TENANT, type SyncWorld } from '../apps/bff/test/support/sync-world.ts';

const BACKFILL = Number(process.argv[2] ?? 900);
const LATENCY_SECONDS = Number(process.argv[3] ?? 30);
const BASELINE_RECORDS = Math.min(BACKFILL, Number(process.argv[4] ?? BACKFILL));
const RATE = 5; // events per second
const BASELINE_REALM = '9341453';
const LATENCY_MODEL = process.env.QBO_LATENCY === 'intuit' ? 'intuit' : 'none';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

/** The plain loop: one node-quickbooks create per record, in arrival order, 429 → wait 1 s and retry. */
function plainLoop(w: SyncWorld, ctx: QboCallContext, mapping: AccountMapping) {
  const config = loadConfig(testEnv({ QBO_API_BASE_URL: `${w.qbo.url}/v3/company/` }));
  const api = nodeQuickBooksSyncApi(config.qbo);
  const ids = new Map<string, string>();
  const lookupId = (kind: string, id: string) => ids.get(`${kind}:${id}`);
  let chain = Promise.resolve();
  let n = 0;
  const write = async (entity: QboEntityName, body: object): Promise<string> => {
    for (;;) {
      const r = await api.create(ctx, entity, body, `plain-${process.pid}-${n++}`);
      if (r.ok) return String(r.value.Id);
      const status = (r.error as { response?: { status?: number } }).response?.status;
      if (status === 429) await sleep(1000);
      else throw new Error(`plain loop: ${entity} failed with ${status}`);
    }
  };
  return {
    /** Queues one record; resolves when it is in QuickBooks. */
    send(
      kind: 'customer' | 'invoice' | 'payment',
      record: ExoCustomer | ExoInvoice | ExoPayment,
    ): Promise<void> {
      const run = chain.then(async () => {
        const ctxMap = { mapping, lookupId };
        if (kind === 'customer')
          ids.set(`customer:${record.id}`, await write('Customer', mapCustomer(record as ExoCustomer).body));
        else if (kind === 'invoice') {
          const m = mapInvoice(record as ExoInvoice, ctxMap);
          if (!m.ok) throw new Error(m.failure.code);
          ids.set(`invoice:${record.id}`, await write('Invoice', m.value.body));
        } else {
          // The seeded company's first payment method: this benchmark times the write, not the lookup.
          const m = mapPayment(record as ExoPayment, ctxMap, { paymentMethodId: '1' });
          if (!m.ok) throw new Error(m.failure.code);
          ids.set(`payment:${record.id}`, await write('Payment', m.value.body));
        }
      });
      chain = run.catch(() => undefined);
      return run;
    },
  };
}

async function mintContext(w: SyncWorld, realmId: string): Promise<QboCallContext> {
  await fetch(`${w.qbo.url}/_sandbox/companies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ realmId, companyName: 'Baseline Co', salesTax: true }),
  });
  const t = (await (
    await fetch(`${w.qbo.url}/_sandbox/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ realmId, clientId: 'exoserva-dev-client' }),
    })
  ).json()) as { access_token: string };
  return { realmId, accessToken: t.access_token };
}

function chainBodies(i: number, customerId: string) {
  return {
    invoice: {
      customerId,
      lines: [
        { kind: 'labor', description: 'Labor', quantityMilli: 1000 + (i % 5) * 250, unitPriceCents: 9500 },
        { kind: 'part', description: 'Part', quantityMilli: 1000, unitPriceCents: 1999 + i, taxable: true },
      ],
      taxRateId: 'tax_denver',
    },
  };
}

async function latencyRun(w: SyncWorld, baseline: ReturnType<typeof plainLoop>) {
  const started = new Map<string, number>(); // marker → t0
  const seen = new Map<string, number>();
  const baselineLatency: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const [c, i, p] = await Promise.all(['Customer', 'Invoice', 'Payment'].map((e) => w.qboList(e)));
      const t = performance.now();
      for (const x of c ?? [])
        if (!seen.has(`c:${String(x.DisplayName)}`)) seen.set(`c:${String(x.DisplayName)}`, t);
      for (const x of [...(i ?? []), ...(p ?? [])]) {
        const m = /Exoserva (invoice|payment) (\S+)/.exec(String(x.PrivateNote ?? ''));
        if (m && !seen.has(`${m[1]}:${m[2]}`)) seen.set(`${m[1]}:${m[2]}`, t);
      }
      await sleep(25);
    }
  })();
  const total = LATENCY_SECONDS * RATE;
  const tasks: Promise<void>[] = [];
  const begin = performance.now();
  let customer: ExoCustomer | undefined;
  let invoice: ExoInvoice | undefined;
  for (let n = 0; n < total; n++) {
    const due = begin + (n * 1000) / RATE;
    await sleep(Math.max(0, due - performance.now()));
    const step = n % 3;
    const t0 = performance.now();
    if (step === 0) {
      customer = await w.exoPost<ExoCustomer>('/customers', { displayName: `Latency ${n} ${process.pid}` });
      started.set(`c:${customer.displayName}`, t0);
      const rec = customer;
      tasks.push(
        baseline.send('customer', rec).then(() => void baselineLatency.push(performance.now() - t0)),
      );
    } else if (step === 1 && customer) {
      invoice = await w.exoPost<ExoInvoice>('/invoices', chainBodies(n, customer.id).invoice);
      started.set(`invoice:${invoice.id}`, t0);
      const rec = invoice;
      tasks.push(baseline.send('invoice', rec).then(() => void baselineLatency.push(performance.now() - t0)));
    } else if (invoice) {
      const payment = await w.exoPost<ExoPayment>(`/invoices/${invoice.id}/payments`, { method: 'card' });
      started.set(`payment:${payment.id}`, t0);
      tasks.push(
        baseline.send('payment', payment).then(() => void baselineLatency.push(performance.now() - t0)),
      );
    }
  }
  await Promise.allSettled(tasks);
  await w.settle(60_000);
  await sleep(200);
  polling = false;
  await poller;
  const engine = [...started].map(([k, t0]) => (seen.get(k) ?? Number.NaN) - t0).filter(Number.isFinite);
  return { engine, baseline: baselineLatency, events: started.size };
}

/** A keep-alive socket the stand-in closed can reset a request: try again (a stray extra record is harmless here). */
async function retrying<T>(run: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await run();
    } catch (err) {
      if (i >= 3) throw err;
      await sleep(100);
    }
  }
}

async function backfillRun(w: SyncWorld, baseline: ReturnType<typeof plainLoop>) {
  const db = w.instances[0]!.bff.database;
  await db.query('UPDATE integration_settings SET auto_sync = false WHERE tenant_id = $1', [TENANT]);
  const chains = Math.ceil(BACKFILL / 3);
  const records: {
    kind: 'customer' | 'invoice' | 'payment';
    record: ExoCustomer | ExoInvoice | ExoPayment;
  }[] = [];
  for (let i = 0; i < chains; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, chains - i) }, async (_, k) => {
        const n = i + k;
        const c = await retrying(() =>
          w.exoPost<ExoCustomer>('/customers', { displayName: `Backfill ${n} ${process.pid}` }),
        );
        const inv = await retrying(() => w.exoPost<ExoInvoice>('/invoices', chainBodies(n, c.id).invoice));
        const pay = await retrying(() =>
          w.exoPost<ExoPayment>(`/invoices/${inv.id}/payments`, { method: 'card' }),
        );
        records.push(
          { kind: 'customer', record: c },
          { kind: 'invoice', record: inv },
          { kind: 'payment', record: pay },
        );
      }),
    );
  }
  await w.exo.sandbox.events.idle();
  const queued = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM sync_work WHERE state = 'pending'",
  );
  // Let Intuit's one-minute windows drain from the latency run, for both the engine and the plain loop.
  await sleep(61_000);

  const t0 = performance.now();
  await db.query('UPDATE sync_work SET run_now = true WHERE tenant_id = $1', [TENANT]);
  w.instances[0]!.bff.syncWorker?.wake();
  const counts = await w.settle(30 * 60_000);
  const engineMs = performance.now() - t0;
  const failed = await db.query("SELECT kind, failure FROM sync_work WHERE state <> 'done'");
  if (failed.rows.length > 0) console.warn('not done:', JSON.stringify(failed.rows));

  // The plain loop in arrival order (customer, invoice, payment per chain), the same records.
  // Records were pushed a chain (customer, invoice, payment) at a time, so a prefix keeps whole chains.
  const subset = records.slice(0, Math.ceil(BASELINE_RECORDS / 3) * 3);
  const ordered = [
    ...subset.filter((r) => r.kind === 'customer'),
    ...subset.filter((r) => r.kind === 'invoice'),
    ...subset.filter((r) => r.kind === 'payment'),
  ];
  const b0 = performance.now();
  await Promise.all(ordered.map((r) => baseline.send(r.kind, r.record)));
  const baselineMs = performance.now() - b0;
  return {
    records: records.length,
    baselineRecords: ordered.length,
    queued: queued.rows[0]?.n ?? 0,
    counts,
    engineMs,
    baselineMs,
  };
}

async function main() {
  const db = await freshPglite();
  const w = await startSyncWorld({ openDatabase: () => db, throttling: true, workersPerInstance: 4 });
  try {
    const ctx = await mintContext(w, BASELINE_REALM);
    const taxCodes = (await (
      await fetch(`${w.qbo.url}/_sandbox/companies/${BASELINE_REALM}/TaxCode`)
    ).json()) as { Id: string; Name: string }[];
    const mapping = {
      ...w.mapping,
      taxCodes: { tax_denver: taxCodes.find((t) => t.Name === 'California')?.Id ?? '' },
    };
    const baseline = plainLoop(w, ctx, mapping);
    for (const realmId of [REALM, BASELINE_REALM])
      w.qbo.sandbox.faults.set(realmId, { latencyModel: LATENCY_MODEL });

    console.log(
      `Latency: ${RATE} events/s for ${LATENCY_SECONDS} s, throttling on, QuickBooks latency model ${LATENCY_MODEL} …`,
    );
    const lat = await latencyRun(w, baseline);
    const row = (name: string, xs: number[]) =>
      `| ${name} | ${xs.length} | ${pct(xs, 50).toFixed(0)} | ${pct(xs, 95).toFixed(0)} | ${pct(xs, 99).toFixed(0)} |`;
    console.log('| event → in QuickBooks | n | p50 ms | p95 ms | p99 ms |\n|---|--:|--:|--:|--:|');
    console.log(row('sync engine', lat.engine));
    console.log(row('plain node-quickbooks loop', lat.baseline));
    console.log(`p95 ratio (plain / engine): ${(pct(lat.baseline, 95) / pct(lat.engine, 95)).toFixed(2)}×`);

    console.log(`\nBackfill: ${BACKFILL} records …`);
    const bf = await backfillRun(w, baseline);
    // Intuit's ceiling: 500 requests/min per company, of which at most 40/min may be batches of ≤ 30 items
    // (REFERENCE §3.5/§3.7): 40 × 30 + (500 − 40) × 1 records per minute.
    const ceiling = 40 * 30 + (500 - 40);
    const perMin = (n: number, ms: number) => (n / ms) * 60_000;
    const engineRate = perMin(bf.records, bf.engineMs);
    const plainRate = perMin(bf.baselineRecords, bf.baselineMs);
    console.log(`records=${bf.records} queued=${bf.queued} final=${JSON.stringify(bf.counts)}`);
    console.log('| backfill | records | seconds | records/min | of ceiling |\n|---|--:|--:|--:|--:|');
    console.log(`| ceiling (40 batches × 30 + 460 singles per min) | | | ${ceiling} | 100 % |`);
    console.log(
      `| sync engine | ${bf.records} | ${(bf.engineMs / 1000).toFixed(1)} | ${engineRate.toFixed(0)} | ${((engineRate / ceiling) * 100).toFixed(1)} % |`,
    );
    console.log(
      `| plain node-quickbooks loop | ${bf.baselineRecords} | ${(bf.baselineMs / 1000).toFixed(1)} | ${plainRate.toFixed(0)} | ${((plainRate / ceiling) * 100).toFixed(1)} % |`,
    );
    console.log(`throughput ratio (engine / plain): ${(engineRate / plainRate).toFixed(2)}×`);
    // Intuit's windows slide: a run starting from an empty minute may send a full minute's budget at once, so
    // in T seconds the limits allow at most ceiling × ⌈T / 60⌉ records. This is the honest fraction.
    const windows = Math.ceil(bf.engineMs / 60_000);
    console.log(
      `engine over ${windows} one-minute windows: ${bf.records} of ${ceiling * windows} allowed = ${((bf.records / (ceiling * windows)) * 100).toFixed(1)} %`,
    );
  } finally {
    await w.close();
  }
}

await main();
