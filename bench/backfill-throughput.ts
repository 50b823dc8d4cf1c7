/**
 * Backfill benchmark (issue 8). Run with tsx from the repository root:
 *
 *   pnpm exec tsx bench/backfill-throughput.ts [records=900]
 *
 * `records` Exoserva records (⅓ customers, ⅓ invoices, ⅓ payments) that no event announced are brought across
 * by one backfill job (POST /api/v1/backfill/jobs) on one BFF over PGlite, the QBO sandbox's throttling ON.
 * Meanwhile one live invoice every 2 s goes through the ordinary event path: its event → visible in
 * QuickBooks latency says whether the backfill starves live sync. Prints records/min against Intuit's
 * 500 requests/min ceiling.
 */
import { performance } from 'node:perf_hooks';
import type { BackfillCurrentResponse, ExoInvoice } from '@exoserva/contracts';
import { signSession } from '../apps/bff/test/support/env.ts';
import { freshPglite } from '../apps/bff/test/support/pglite-template.ts';
import { startSyncWorld, TENANT } from '../apps/bff/test/support/sync-world.ts';

const RECORDS = Number(process.argv[2] ?? 900);
const CEILING = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const db = await freshPglite();
const world = await startSyncWorld({ openDatabase: () => db, throttling: true });
try {
  const store = world.exo.sandbox.records;
  const third = Math.max(1, Math.floor(RECORDS / 3));
  const customers = Array.from(
    { length: third },
    (_, i) => store.createCustomer(TENANT, { displayName: `Bench customer ${i}` }).record,
  );
  const invoices = customers.map(
    (c, i) =>
      store.createInvoice(TENANT, {
        customerId: c.id,
        issueDate: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}`,
        lines: [{ kind: 'labor', description: 'Visit', quantityMilli: 1000, unitPriceCents: 10_000 + i }],
      }).record,
  );
  invoices.forEach((inv, i) =>
    store.recordPayment(TENANT, inv.id, {
      method: 'check',
      checkNumber: String(1000 + i),
      receivedOn: inv.issueDate,
    }),
  );
  const total = third * 3;
  const bff = world.instances[0]!;
  const token = await signSession({ tid: TENANT });
  const call = async <T>(method: string, path: string, body?: unknown) =>
    (await (
      await fetch(`${bff.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    ).json()) as T;

  const started = performance.now();
  await call('POST', '/api/v1/backfill/jobs', { from: '2026-10-01', to: '2026-10-31' });

  // Live invoices while it runs: how long from the event to QuickBooks.
  const latencies: number[] = [];
  let live = true;
  const liveLoop = (async () => {
    while (live) {
      const at = performance.now();
      const inv = await world.exoPost<ExoInvoice>('/invoices', {
        customerId: customers[0]!.id,
        lines: [{ kind: 'part', description: 'Filter', quantityMilli: 1000, unitPriceCents: 4_200 }],
      });
      for (;;) {
        const { rows } = await db.query(
          `SELECT 1 FROM qbo_links WHERE entity_type = 'invoice' AND exoserva_id = $1`,
          [inv.id],
        );
        if (rows.length > 0) break;
        await sleep(25);
      }
      latencies.push(performance.now() - at);
      await sleep(2_000);
    }
  })();

  let job: BackfillCurrentResponse['job'] = null;
  for (;;) {
    job = (await call<BackfillCurrentResponse>('GET', '/api/v1/backfill/jobs/current')).job;
    if (job?.status === 'done') break;
    await sleep(200);
  }
  const ms = performance.now() - started;
  live = false;
  await liveLoop;
  const perMinute = (total / ms) * 60_000;
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(
    JSON.stringify(
      {
        records: total,
        synced: job.synced,
        failed: job.failed,
        seconds: Math.round(ms / 100) / 10,
        recordsPerMinute: Math.round(perMinute),
        ofCeiling: `${Math.round((perMinute / CEILING) * 100)} % of ${CEILING}/min`,
        liveInvoices: latencies.length,
        liveLatencyMs: {
          p50: Math.round(sorted[Math.floor(sorted.length / 2)] ?? NaN),
          max: Math.round(sorted.at(-1) ?? NaN),
          // Which live invoice was slowest (0 = the first, sent as the backfill starts), and the first few.
          slowestIndex: latencies.indexOf(sorted.at(-1) ?? NaN),
          first: latencies.slice(0, 3).map(Math.round),
        },
      },
      null,
      2,
    ),
  );
} finally {
  await world.close();
}
