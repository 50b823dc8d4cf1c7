/**
 * Monthly reconciliation benchmark (issue 8). Run with tsx from the repository root:
 *
 *   pnpm exec tsx bench/reconcile.ts [invoices=10000] [runs=3]
 *
 * A month of `invoices` invoices (¾ paid, every tenth payment partly refunded, card payments in Stripe payouts
 * of 4) is written into the QuickBooks stand-in through sync-core's own mappers, the way the sync engine
 * writes it, and linked in the id map. Then the BFF's reconciliation service runs the month end to end: real
 * node-quickbooks paging the QBO sandbox's queries and reports over HTTP, PGlite for the id map and queue, an
 * in-memory Exoserva API. Printed: QuickBooks time (its reports and queries, counted apart), product time
 * (everything else), and the comparison itself against a naive baseline (nested scans instead of maps) on
 * the same input, measured in the same run.
 */
import { performance } from 'node:perf_hooks';
import type {
  AccountMapping,
  ExoCustomer,
  ExoInvoice,
  ExoPayment,
  ExoPayout,
  ExoRefund,
  SessionClaims,
} from '@exoserva/contracts';
import {
  conceptAccountsOf,
  depositQueryRange,
  mapCustomer,
  paymentMethodFor,
  mapInvoice,
  mapPayment,
  mapPayout,
  mapRefund,
  monthPeriod,
  reconcileMonth,
  type ReconcileInput,
} from '../packages/sync-core/src/index.ts';
import { agreeingBooks } from '../packages/sync-core/src/testing/reconcile-books.ts';
import { nodeQuickBooksReportsApi } from '../apps/bff/src/adapters/node-quickbooks-reports-api.ts';
import type { ExoservaApi, ExoRecordByKind } from '../apps/bff/src/ports/exoserva-api.ts';
import { reconciliationStore } from '../apps/bff/src/stores/reconciliation-store.ts';
import { freshPglite } from '../apps/bff/test/support/pglite-template.ts';
import { REALM, startSyncWorld, TENANT } from '../apps/bff/test/support/sync-world.ts';

const INVOICES = Number(process.argv[2] ?? 10_000);
const RUNS = Number(process.argv[3] ?? 3);
const MONTH = '2026-05';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (x: number) => `${x.toFixed(0)} ms`;

const { input: books } = agreeingBooks({
  month: MONTH,
  invoices: INVOICES,
  customers: Math.max(1, Math.round(INVOICES / 12)),
  refundEvery: 10,
});
const records = books.exoserva;

// An in-memory Exoserva: the records above, nothing else.
const byKind: { [K in keyof ExoRecordByKind]: ExoRecordByKind[K][] } = {
  customer: records.customers,
  invoice: records.invoices,
  payment: records.payments,
  refund: records.refunds,
  payout: records.payouts,
};
const exoservaApi = {
  async getRecord(_t: string, kind: keyof ExoRecordByKind, id: string) {
    const found = (byKind[kind] as { id: string }[]).find((r) => r.id === id);
    return found ? { ok: true, value: found } : { ok: false, error: { kind: 'not_found', message: id } };
  },
  async listRecords(_t: string, kind: keyof ExoRecordByKind) {
    return { ok: true, value: byKind[kind] };
  },
  async listTaxRates() {
    return { ok: true, value: [] };
  },
  async createCustomer() {
    throw new Error('not in this benchmark');
  },
  async updateCustomer() {
    throw new Error('not in this benchmark');
  },
} as unknown as ExoservaApi;

const db = await freshPglite();
const w = await startSyncWorld({
  openDatabase: () => db,
  throttling: false,
  autoSync: false,
  workersPerInstance: 0,
  overrides: { exoservaApi, startSyncWorker: false },
});
try {
  const company = w.qbo.sandbox.companies.get(REALM);
  if (!company) throw new Error('no sandbox company');
  const accounts = company.list('Account');
  const accountId = (name: string) => String(accounts.find((a) => a.Name === name)?.Id);
  const items = company.list('Item');
  const itemId = (name: string) => String(items.find((i) => i.Name === name)?.Id);
  const taxCode = company.list('TaxCode').find((t) => t.Name === 'California');
  const mapping: AccountMapping = {
    ...w.mapping,
    version: 2,
    serviceRevenueAccountId: accountId('Services'),
    productRevenueAccountId: accountId('Sales of Product Income'),
    discountsAccountId: accountId('Discounts given'),
    bankDepositAccountId: accountId('Checking'),
    undepositedFundsAccountId: accountId('Undeposited Funds'),
    merchantFeesAccountId: accountId('Bank charges'),
    refundSourceAccountId: accountId('Checking'),
    laborItemId: itemId('Services'),
    partsItemId: itemId('Sales'),
    taxCodes: { tax: String(taxCode?.Id) },
  };
  const { version, ...stored } = mapping;
  await db.query(
    `INSERT INTO account_mappings (tenant_id, version, mapping, created_by) VALUES ($1, $2, $3::jsonb, 'bench')`,
    [TENANT, version, JSON.stringify(stored)],
  );

  // ---- write the month into QuickBooks the way the sync engine does --------------------------------------
  const seedStarted = performance.now();
  const links = new Map<string, string>();
  const lookupId = (kind: string, id: string) => links.get(`${kind}:${id}`);
  const context = { mapping, lookupId };
  const write = (kind: string, id: string, entity: string, body: unknown) => {
    const { record } = company.create(entity, body);
    links.set(`${kind}:${id}`, String(record.Id));
  };
  const must = <T>(r: { ok: true; value: T } | { ok: false; failure: { title: string } }): T => {
    if (!r.ok) throw new Error(r.failure.title);
    return r.value;
  };
  for (const c of records.customers as ExoCustomer[])
    write('customer', c.id, 'Customer', mapCustomer(c).body);
  for (const i of records.invoices as ExoInvoice[])
    write('invoice', i.id, 'Invoice', must(mapInvoice(i, context)).body);
  const payments = new Map((records.payments as ExoPayment[]).map((p) => [p.id, p]));
  // The seeded company's payment methods (Cash, Check, Visa…) by name.
  const methods = new Map(company.list('PaymentMethod').map((m) => [String(m.Name), String(m.Id)]));
  const methodOf = (p: ExoPayment) => methods.get(paymentMethodFor(p).name) ?? '1';
  for (const p of records.payments as ExoPayment[])
    write('payment', p.id, 'Payment', must(mapPayment(p, context, { paymentMethodId: methodOf(p) })).body);
  const invoices = new Map((records.invoices as ExoInvoice[]).map((i) => [i.id, i]));
  const refunds = records.refunds as ExoRefund[];
  for (const r of refunds) {
    const payment = payments.get(r.paymentId) as ExoPayment;
    const related = {
      payment,
      invoice: invoices.get(r.invoiceId) as ExoInvoice,
      refundsOfInvoice: refunds.filter((x) => x.invoiceId === r.invoiceId),
      paymentMethodId: methodOf(payment),
    };
    write('refund', r.id, 'RefundReceipt', must(mapRefund(r, context, related)).body);
  }
  for (const p of records.payouts as ExoPayout[])
    write('payout', p.id, 'Deposit', must(mapPayout(p, context)).body);
  const seedMs = performance.now() - seedStarted;

  const rows = [...links.entries()].map(([key, qboId]) => {
    const [kind, ...id] = key.split(':');
    return [kind as string, id.join(':'), qboId];
  });
  await db.query(
    `INSERT INTO qbo_links (tenant_id, realm_id, entity_type, exoserva_id, qbo_id, sync_token, record_version)
     SELECT $1, $2, k, e, q, '0', 1 FROM unnest($3::text[], $4::text[], $5::text[]) AS t(k, e, q)`,
    [TENANT, REALM, rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
  );

  // ---- the reconciliation, end to end, as the admin's click runs it ---------------------------------------
  const service = w.instances[0]!.bff.services.reconciliation;
  const session = { sub: 'usr_bench', tid: TENANT, role: 'owner', iat: 0, exp: 0 } as SessionClaims;
  const runs: { product: number; quickbooks: number; total: number; matches: boolean }[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const started = performance.now();
    const r = await service.run(session, MONTH);
    const total = performance.now() - started;
    if (!r.ok) throw new Error(r.error.message);
    // The first run warms JIT and connections; it is not counted.
    if (i > 0)
      runs.push({
        product: r.value.timings.productMs,
        quickbooks: r.value.timings.quickbooksMs,
        total,
        matches: r.value.matches,
      });
  }

  // ---- the comparison alone, ours against a naive one, on the same input ----------------------------------
  const token = await w.instances[0]!.bff.services.tokens.getAccessToken(TENANT);
  if (!token.ok) throw new Error('no token');
  const access = { realmId: token.value.realmId, accessToken: token.value.accessToken };
  const reports = nodeQuickBooksReportsApi(w.instances[0]!.bff.config.qbo);
  const period = monthPeriod(MONTH);
  const value = <T>(r: { ok: true; value: T } | { ok: false }) => {
    if (!r.ok) throw new Error('QuickBooks read failed');
    return r.value;
  };
  const concepts = conceptAccountsOf([mapping], value(await reports.salesTaxAccounts(access)));
  const accountIds = [
    ...new Set([
      ...concepts.service_revenue,
      ...concepts.product_revenue,
      ...concepts.discounts,
      ...concepts.sales_tax,
      ...concepts.fees,
    ]),
  ];
  const input: ReconcileInput = {
    month: MONTH,
    concepts,
    exoserva: records,
    quickbooks: {
      ledger: value(await reports.generalLedger(access, period, accountIds)),
      receivables: value(await reports.agedReceivables(access, period.end)),
      invoices: value(await reports.transactions(access, 'Invoice', period)),
      payments: value(await reports.transactions(access, 'Payment', period)),
      refunds: value(await reports.transactions(access, 'RefundReceipt', period)),
      deposits: value(await reports.transactions(access, 'Deposit', depositQueryRange(MONTH))),
    },
    links: await reconciliationStore.links(db, TENANT, REALM),
    work: await reconciliationStore.openWork(db, TENANT),
  };
  const ours: number[] = [];
  const naive: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    reconcileMonth(input);
    ours.push(performance.now() - t);
    t = performance.now();
    naiveCompare(input);
    naive.push(performance.now() - t);
  }

  const product = median(runs.map((r) => r.product));
  const quickbooks = median(runs.map((r) => r.quickbooks));
  console.log(
    `\nReconciling ${MONTH}: ${records.invoices.length} invoices, ${records.payments.length} payments, ` +
      `${records.refunds.length} refunds, ${records.payouts.length} payouts, ${records.customers.length} customers ` +
      `(QuickBooks seeded in ${ms(seedMs)}; ${RUNS} counted runs, medians)`,
  );
  console.table({
    'product time (everything but QuickBooks)': ms(product),
    'QuickBooks time (reports + paged queries)': ms(quickbooks),
    'end to end': ms(median(runs.map((r) => r.total))),
    'books agree': String(runs.every((r) => r.matches)),
    'comparison (reconcileMonth)': ms(median(ours)),
    'naive comparison (nested scans), same input': ms(median(naive)),
    'naive / ours': `${(median(naive) / median(ours)).toFixed(1)}×`,
    'budget 3 s product time': product < 3000 ? 'met' : 'MISSED',
  });
} finally {
  await w.close();
  await db.close();
}

/**
 * The baseline a first version would write: for every Exoserva record, look its link and its QuickBooks
 * document up by scanning arrays; for every QuickBooks document, scan the links to see whether it is linked.
 * Same answers (record-level differences), quadratic time.
 */
function naiveCompare(input: ReconcileInput): number {
  let differences = 0;
  const kinds = [
    [
      'invoice',
      input.exoserva.invoices.map((i) => ({ id: i.id, cents: i.status === 'void' ? 0 : i.totalCents })),
      input.quickbooks.invoices,
    ],
    [
      'payment',
      input.exoserva.payments.map((p) => ({ id: p.id, cents: p.amountCents })),
      input.quickbooks.payments,
    ],
    [
      'refund',
      input.exoserva.refunds.map((r) => ({ id: r.id, cents: r.amountCents })),
      input.quickbooks.refunds,
    ],
  ] as const;
  for (const [kind, exo, docs] of kinds) {
    const links = [...input.links[kind].entries()];
    for (const record of exo) {
      const link = links.find(([id]) => id === record.id);
      const doc = link ? docs.find((d) => d.id === link[1].qboId) : undefined;
      if (!doc || doc.totalCents !== record.cents) differences++;
    }
    for (const doc of docs) if (!links.some(([, l]) => l.qboId === doc.id)) differences++;
  }
  return differences;
}
