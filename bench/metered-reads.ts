/**
 * Intuit's metered reads for a month of one shop (issue 24). Run with tsx from the repository root:
 *
 *   pnpm exec tsx bench/metered-reads.ts
 *
 * Since Intuit's App Partner Program, calls that take data out of QuickBooks ("CorePlus": reads, queries,
 * reports, change data capture) are metered per app and month; the free Builder tier allows 500,000 for all of
 * an app's customers together. This runs a month of a small two-way shop through the real BFF and both
 * stand-ins — 30 customers, 60 invoices, 54 payments, 4 Stripe payouts, 2 refunds; the mapping page opened once,
 * one test sync, the dashboard opened every day, one reconciliation — and 30 daily change-feed windows, then
 * prints the metered calls by purpose as the BFF counted them (and the stand-in's own count beside them).
 *
 * The baseline, in the same run: the change feed as it was polled before (every 5 minutes, by every instance,
 * no claim), measured for one simulated hour and scaled to a month per instance.
 */
import type { ExoCustomer, ExoInvoice, ExoPayment } from '@exoserva/contracts';
import { DEFAULT_APP } from '../packages/qbo-sandbox/src/index.ts';
import { signSession } from '../apps/bff/test/support/env.ts';
import { freshPglite } from '../apps/bff/test/support/pglite-template.ts';
import { startSyncWorld, TENANT } from '../apps/bff/test/support/sync-world.ts';

const DAYS = 30;
const OLD_CDC_POLL_MS = 5 * 60_000;

const db = await freshPglite();
const w = await startSyncWorld({ openDatabase: () => Promise.resolve(db), customerDirection: 'two_way' });
const bff = w.instances[0]!;
const engine = bff.bff.services.syncEngine!;
const owner = await signSession({ tid: TENANT });
const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${bff.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${owner}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
};
const metered = async () =>
  (await (await fetch(`${bff.url}/operator/metered-calls`)).json()) as {
    total: number;
    companies: { byPurpose: Record<string, number> }[];
  };
const byPurpose = async () => ({ ...(await metered()).companies[0]?.byPurpose });
/** The app-wide counter on /metrics, by port and operation. */
const byOperation = async () => {
  const text = await (await fetch(`${bff.url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(
    /^bff_qbo_metered_calls_total\{api="([^"]+)",operation="([^"]+)"\} (\d+)/gm,
  )) {
    out[`${m[1]}.${m[2]}`] = Number(m[3]);
  }
  return out;
};
const cdcWindowDue = () => db.query(`UPDATE sync_tenant_state SET cdc_next_at = now() - interval '1 second'`);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- the month ---------------------------------------------------------------------------------------------

await call('GET', '/api/v1/mapping'); // the admin checks the mapping once
await call('PUT', '/api/v1/sync/settings', { autoSync: false, override: true });
await call('POST', '/api/v1/test-sync/runs', {});
let runId = '';
for (let i = 0; i < 240; i++) {
  const current = (await call('GET', '/api/v1/test-sync')) as { run: { id: string; status: string } | null };
  runId = current.run?.id ?? '';
  if (current.run && current.run.status !== 'running') break;
  await pause(250);
}
await call('POST', `/api/v1/test-sync/runs/${runId}/cleanup`, {});
await call('PUT', '/api/v1/sync/settings', { autoSync: true, override: true });
await engine.pollCustomerChanges({ everyMs: 86_400_000 }); // the first window only sets the cursor

const customers: ExoCustomer[] = [];
for (let i = 0; i < 30; i++) {
  customers.push(
    await w.exoPost<ExoCustomer>('/customers', { displayName: `Metered Shop Customer ${i} ${Date.now()}` }),
  );
}
await w.settle(120_000);
const invoices: ExoInvoice[] = [];
for (let i = 0; i < 60; i++) {
  invoices.push(
    await w.exoPost<ExoInvoice>('/invoices', {
      customerId: customers[i % 30]!.id,
      lines: [
        { kind: 'labor', description: 'Service call', quantityMilli: 1500, unitPriceCents: 9_500 },
        { kind: 'part', description: 'Capacitor', quantityMilli: 1000, unitPriceCents: 2_450, taxable: true },
      ],
      taxRateId: 'tax_denver',
    }),
  );
}
await w.settle(180_000);
// 54 payments (a third by check), a Stripe payout of the card ones every 14, two refunds netted by the first.
const payments: ExoPayment[] = [];
for (let i = 0; i < 54; i++) {
  payments.push(
    await w.exoPost<ExoPayment>(`/invoices/${invoices[i]!.id}/payments`, {
      method: i % 3 === 0 ? 'check' : 'card',
      ...(i % 3 === 0 ? { checkNumber: String(2000 + i) } : {}),
    }),
  );
  if (i === 13) {
    await w.exoPost(`/payments/${payments[1]!.id}/refunds`, {});
    await w.exoPost(`/payments/${payments[2]!.id}/refunds`, { amountCents: 1_000 });
  }
  if (i % 14 === 13 || i === 53) await w.exoPost('/payouts', { feeCents: 300 + i });
}
await w.settle(180_000);

for (let d = 0; d < DAYS; d++) {
  await call('GET', '/api/v1/sync/status'); // the dashboard, opened every day
  await call('POST', '/api/v1/sync/status/failures', {});
  await cdcWindowDue(); // a day later: the change feed's window comes round
  await engine.pollCustomerChanges({ everyMs: 86_400_000 });
}
const month = new Date().toISOString().slice(0, 7);
await call('POST', '/api/v1/reconciliation/runs', { month });
await pause(200); // the counts are written after each call answers
const product = await byPurpose();
const standIn = (
  (await (await fetch(`${w.qbo.url}/_sandbox/metering`)).json()) as {
    apps: Record<string, { core: number; corePlus: number }>;
  }
).apps[DEFAULT_APP.clientId];

// ---- the baseline: the change feed as it was polled before, for one simulated hour -------------------------

const operations = await byOperation();
// What the stand-in saw of the reads, by entity: where "sync.read" goes.
const seen = (await (await fetch(`${w.qbo.url}/_sandbox/requests`)).json()) as {
  method: string;
  path: string;
}[];
const readsByEntity: Record<string, number> = {};
for (const r of seen) {
  const m = /\/v3\/company\/\d+\/([a-z]+)\/\d+$/i.exec(r.path);
  if (r.method === 'GET' && m) readsByEntity[m[1]!] = (readsByEntity[m[1]!] ?? 0) + 1;
}
const cdcBefore = operations['sync.changedCustomers'] ?? 0;
const polls = (60 * 60_000) / OLD_CDC_POLL_MS;
for (let i = 0; i < polls; i++) await engine.pollCustomerChanges(); // no window: every call reads, as before
const perPoll = (((await byOperation())['sync.changedCustomers'] ?? 0) - cdcBefore) / polls;
const oldCdcPerMonth = Math.round(perPoll * ((DAYS * 86_400_000) / OLD_CDC_POLL_MS));

await w.close();

// ---- the figures -------------------------------------------------------------------------------------------

const total = Object.values(product).reduce((n, v) => n + v, 0);
const cdc = operations['sync.changedCustomers'] ?? 0;
console.log(
  `\nMetered (CorePlus) calls for a month of one two-way shop, as the BFF counted them by purpose:\n`,
);
console.log('| purpose (port) | metered calls |');
console.log('|---|---:|');
for (const [purpose, n] of Object.entries(product).sort((a, b) => b[1] - a[1])) {
  console.log(`| ${purpose} | ${n} |`);
}
console.log(`| **total** | **${total}** |`);
console.log('\nBy operation (port.operation):\n');
console.log('| operation | metered calls |');
console.log('|---|---:|');
for (const [op, n] of Object.entries(operations).sort((a, b) => b[1] - a[1])) console.log(`| ${op} | ${n} |`);
console.log(`\nReads by id, by entity (the stand-in's log): ${JSON.stringify(readsByEntity)}`);
console.log(`\nOf "sync", the change feed: ${cdc} (one read per daily window, across all instances).`);
console.log(
  `The stand-in's own count for the app: CorePlus ${standIn?.corePlus ?? '?'}, Core ${standIn?.core ?? '?'}.`,
);
console.log(
  `\nBaseline (before): the change feed polled every 5 minutes by each instance, no claim — ${perPoll} read a poll,` +
    ` ${oldCdcPerMonth} a month per instance.`,
);
const todayTotal = total - cdc + oldCdcPerMonth;
console.log(
  `Month total now ${total} vs ${todayTotal} before with one instance (ratio ${(total / todayTotal).toFixed(3)}); ` +
    `target ≤ 150 per company-month: ${total <= 150 ? 'met' : 'NOT met'}.`,
);
console.log(
  `Companies a 500,000 Builder-tier allowance covers: ${Math.floor(500_000 / total)} now, ${Math.floor(500_000 / todayTotal)} before (one instance), ${Math.floor(500_000 / (todayTotal + oldCdcPerMonth))} before with two.`,
);
process.exit(0);
