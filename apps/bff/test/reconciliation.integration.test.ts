import type {
  AccountMapping,
  ExoCustomer,
  ExoInvoice,
  ExoPayment,
  ExoPayout,
  ExoRefund,
  ReconciliationOverview,
} from '@exoserva/contracts';
import { ReconciliationReport } from '@exoserva/contracts';
import { DEFAULT_APP } from '@exoserva/qbo-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSession } from './support/env.ts';
import { freshPglite } from './support/pglite-template.ts';
import { REALM, startSyncWorld, TENANT, uniqueName, type SyncWorld } from './support/sync-world.ts';

/**
 * The monthly reconciliation against both sandboxes, the real sync engine and the real node-quickbooks
 * adapters: seeded months where the books agree, where QuickBooks got a payment entered by hand, where a sync
 * failed, where a refund did not fully reverse — each caught, explained, and (where a fix exists) fixed.
 */
let w: SyncWorld;
let owner: string;
let customer: ExoCustomer;
let mapping: AccountMapping;

const bffUrl = () => w.instances[0]!.url;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${bffUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

async function reconcile(month: string): Promise<ReconciliationReport> {
  const res = await call('POST', '/api/v1/reconciliation/runs', { month });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return ReconciliationReport.parse(res.body);
}

/** Writes to QuickBooks as a bookkeeper would in its UI: straight to the company, not through Exoserva. */
async function byHand(entity: string, body: unknown, query = ''): Promise<Record<string, unknown>> {
  const minted = (await (
    await fetch(`${w.qbo.url}/_sandbox/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ realmId: REALM, clientId: DEFAULT_APP.clientId }),
    })
  ).json()) as { access_token: string };
  const res = await fetch(`${w.qbo.url}/v3/company/${REALM}/${entity.toLowerCase()}${query}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${minted.access_token}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, Record<string, unknown>>;
  expect(res.status, JSON.stringify(json)).toBe(200);
  return json[entity] as Record<string, unknown>;
}

const invoice = (issueDate: string, extra: Record<string, unknown> = {}) =>
  w.exoPost<ExoInvoice>('/invoices', {
    customerId: customer.id,
    issueDate,
    lines: [{ kind: 'labor', description: 'Tune-up', quantityMilli: 1500, unitPriceCents: 9500 }],
    ...extra,
  });
const pay = (inv: ExoInvoice, receivedOn: string, extra: Record<string, unknown> = {}) =>
  w.exoPost<ExoPayment>(`/invoices/${inv.id}/payments`, {
    method: 'check',
    checkNumber: '1001',
    receivedOn,
    ...extra,
  });

async function saveMapping(m: AccountMapping) {
  const { version, ...stored } = m;
  await w.instances[0]!.bff.database.query(
    `INSERT INTO account_mappings (tenant_id, version, mapping, created_by) VALUES ($1, $2, $3::jsonb, 'test')`,
    [TENANT, version, JSON.stringify(stored)],
  );
}

beforeAll(async () => {
  const db = await freshPglite();
  w = await startSyncWorld({ openDatabase: () => db, throttling: false });
  owner = await signSession({ tid: TENANT, role: 'owner' });
  // The shared world's mapping names accounts by position; this company (sales tax on) has Sales Tax Payable
  // first, so point the revenue and discount concepts at the accounts the items really post to.
  const accounts = await w.qboList('Account');
  const id = (name: string) => String(accounts.find((a) => a.Name === name)?.Id);
  mapping = {
    ...w.mapping,
    version: w.mapping.version + 1,
    serviceRevenueAccountId: id('Services'),
    productRevenueAccountId: id('Sales of Product Income'),
    discountsAccountId: id('Discounts given'),
    merchantFeesAccountId: id('Bank charges'),
  };
  await saveMapping(mapping);
  customer = await w.exoPost<ExoCustomer>('/customers', { displayName: uniqueName('Okafor Household') });
}, 60_000);

afterAll(async () => {
  await w?.close();
});

describe('monthly reconciliation against QuickBooks’ own reports', () => {
  it('finds nothing to explain in a month where both books agree (revenue, discounts, tax, payments, refunds, deposits, receivables)', async () => {
    const a1 = await invoice('2026-04-06', {
      lines: [
        { kind: 'labor', description: 'Diagnosis', quantityMilli: 1333, unitPriceCents: 9500 },
        { kind: 'part', description: 'Capacitor', quantityMilli: 2000, unitPriceCents: 1999, taxable: true },
      ],
      discounts: [{ description: 'Loyalty', amountCents: 500 }],
      taxRateId: 'tax_denver',
    });
    const card = await pay(a1, '2026-04-07', { method: 'card', checkNumber: undefined });
    const a2 = await invoice('2026-04-08');
    await pay(a2, '2026-04-09', { amountCents: 5000 });
    const a3 = await invoice('2026-04-10');
    const cash = await pay(a3, '2026-04-10', { method: 'cash', checkNumber: undefined });
    await w.exoPost<ExoRefund>(`/payments/${cash.id}/refunds`, { amountCents: 2500, issuedOn: '2026-04-13' });
    // Stripe pays out on Friday the 10th; the deposit is dated the same day.
    await w.exoPost<ExoPayout>('/payouts', {
      feeCents: 123,
      paymentIds: [card.id],
      arrivalDate: '2026-04-10',
    });
    expect(await w.settle()).toEqual({ done: 9 });

    const r = await reconcile('2026-04');
    expect(r.discrepancies).toEqual([]);
    for (const f of r.figures) expect(f, f.key).toMatchObject({ differenceCents: 0, matches: true });
    const byKey = Object.fromEntries(r.figures.map((f) => [f.key, f.exoservaCents]));
    expect(byKey.discounts).toBe(500);
    expect(byKey.sales_tax).toBe(a1.tax?.amountCents);
    expect(byKey.refunds).toBe(2500);
    expect(byKey.receivables).toBe(a2.totalCents - 5000);
    expect(r.payouts.lines).toEqual([expect.objectContaining({ matched: true, businessDaysApart: 0 })]);
    expect(r.receivables).toEqual([
      expect.objectContaining({
        exoservaCustomerId: customer.id,
        exoservaCents: a2.totalCents - 5000,
        matches: true,
      }),
    ]);
    expect(r.matches).toBe(true);
    expect(r.counts).toEqual({ invoices: 3, payments: 3, refunds: 1, payouts: 1 });
  }, 60_000);

  it('catches a payment entered by hand in QuickBooks, in payments and in the customer’s receivables', async () => {
    const b1 = await invoice('2026-05-04');
    await pay(b1, '2026-05-05');
    await w.settle();
    const qboCustomer = (await w.qboList('Customer')).find((c) => c.DisplayName === customer.displayName)!;
    const manual = await byHand('Payment', {
      TotalAmt: 42,
      CustomerRef: { value: qboCustomer.Id },
      TxnDate: '2026-05-12',
    });

    const r = await reconcile('2026-05');
    expect(r.discrepancies).toEqual([
      expect.objectContaining({
        key: `qbo:Payment:${manual.Id}`,
        cause: 'entered_by_hand',
        differenceCents: -4200,
        exoserva: null,
        fix: { action: 'none' },
      }),
    ]);
    expect(r.figures.find((f) => f.key === 'payments')).toMatchObject({
      differenceCents: -4200,
      matches: false,
    });
    // An unapplied payment lowers what QuickBooks says the customer owes.
    expect(r.receivables.find((l) => l.exoservaCustomerId === customer.id)).toMatchObject({
      differenceCents: 4200,
      matches: false,
    });
    expect(r.matches).toBe(false);
    // Void the stray payment in QuickBooks (what the explanation tells the bookkeeper) and the month matches.
    // Payment void is an update with include=void (REFERENCE §3.1).
    await byHand(
      'Payment',
      { Id: manual.Id, SyncToken: manual.SyncToken, sparse: true },
      '?operation=update&include=void',
    );
    const again = await reconcile('2026-05');
    expect(again.discrepancies).toEqual([]);
    expect(again.matches).toBe(true);
  }, 60_000);

  it('explains an invoice whose sync failed with the engine’s words, and matches after the fix and a retry', async () => {
    const c1 = await invoice('2026-06-03', {
      lines: [
        {
          kind: 'part',
          description: 'Blower motor',
          quantityMilli: 1000,
          unitPriceCents: 24_900,
          taxable: true,
        },
      ],
      taxRateId: 'tax_state',
    });
    expect(await w.settle()).toMatchObject({ failed: 1 });

    const r = await reconcile('2026-06');
    expect(r.discrepancies).toEqual([
      expect.objectContaining({
        key: `invoice:${c1.id}`,
        cause: 'sync_failed',
        differenceCents: c1.totalCents,
        failure: expect.objectContaining({ code: 'invalid_tax_rate' }),
        fix: { action: 'retry' },
      }),
    ]);
    expect(r.figures.find((f) => f.key === 'product_revenue')).toMatchObject({
      matches: false,
      unexplainedCents: 0,
    });

    // The admin maps the missing tax rate (as the failure says), then presses the retry the page offers.
    const codes = await w.qboList('TaxCode');
    const sf = codes.find((t) => t.Name === 'San Francisco')!;
    mapping = {
      ...mapping,
      version: mapping.version + 1,
      taxCodes: { ...mapping.taxCodes, tax_state: String(sf.Id) },
    };
    await saveMapping(mapping);
    expect((await call('POST', `/api/v1/sync/records/invoice/${c1.id}/run`, {})).status).toBe(200);
    await w.settle();
    const again = await reconcile('2026-06');
    expect(again.discrepancies).toEqual([]);
    expect(again.matches).toBe(true);
  }, 60_000);

  it('catches a partial refund that did not fully reverse in QuickBooks, and re-sync puts Exoserva’s amount back', async () => {
    const d1 = await invoice('2026-07-06');
    const paid = await pay(d1, '2026-07-06');
    const refund = await w.exoPost<ExoRefund>(`/payments/${paid.id}/refunds`, {
      amountCents: 3000,
      issuedOn: '2026-07-08',
    });
    await w.settle();
    expect((await reconcile('2026-07')).matches).toBe(true);

    // The bookkeeper "corrects" the refund receipt in QuickBooks to $10.00.
    const receipt = (await w.qboList('RefundReceipt')).find((x) =>
      String(x.PrivateNote).includes(refund.id),
    )!;
    const line = (receipt.Line as Record<string, unknown>[])[0]!;
    await byHand(
      'RefundReceipt',
      {
        Id: receipt.Id,
        SyncToken: receipt.SyncToken,
        sparse: true,
        Line: [
          {
            ...line,
            Amount: 10,
            SalesItemLineDetail: { ...(line.SalesItemLineDetail as object), UnitPrice: 10, Qty: 1 },
          },
        ],
      },
      '?operation=update',
    );

    const r = await reconcile('2026-07');
    expect(r.discrepancies).toEqual([
      expect.objectContaining({
        key: `refund:${refund.id}`,
        cause: 'partial_refund',
        differenceCents: 2000,
        exoserva: expect.objectContaining({ amountCents: 3000, label: d1.number }),
        quickbooks: expect.objectContaining({ amountCents: 1000 }),
        fix: { action: 'resync' },
      }),
    ]);
    expect(r.figures.find((f) => f.key === 'refunds')).toMatchObject({
      differenceCents: 2000,
      matches: false,
    });
    expect(r.figures.find((f) => f.key === 'service_revenue')).toMatchObject({ differenceCents: -2000 });

    const fixed = await call('POST', `/api/v1/reconciliation/records/refund/${refund.id}/resync`, {});
    expect(fixed).toEqual({ status: 200, body: { queued: 1 } });
    await w.settle();
    const again = await reconcile('2026-07');
    expect(again.discrepancies).toEqual([]);
    expect(again.matches).toBe(true);
  }, 60_000);

  it('links an invoice typed into QuickBooks by hand instead of creating a twin', async () => {
    // Auto-sync off: the invoice waits in the queue while the bookkeeper types it into QuickBooks.
    await call('PUT', '/api/v1/sync/settings', { autoSync: false });
    const e1 = await invoice('2026-08-03');
    await w.settle(2000);
    const qboCustomer = (await w.qboList('Customer')).find((c) => c.DisplayName === customer.displayName)!;
    const copy = await byHand('Invoice', {
      CustomerRef: { value: qboCustomer.Id },
      DocNumber: e1.number,
      TxnDate: '2026-08-03',
      Line: [
        {
          Amount: 100,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: w.mapping.laborItemId } },
        },
      ],
    });
    const r = await reconcile('2026-08');
    const d = r.discrepancies.find((x) => x.key === `invoice:${e1.id}`);
    expect(d).toMatchObject({ cause: 'sync_pending', fix: { action: 'link', quickbooksId: copy.Id } });
    expect(r.discrepancies).toHaveLength(1);

    const linked = await call('POST', '/api/v1/reconciliation/links', {
      kind: 'invoice',
      exoservaId: e1.id,
      quickbooksId: copy.Id,
    });
    expect(linked).toEqual({ status: 200, body: { queued: 1 } });
    await w.settle();
    expect((await w.qboList('Invoice')).filter((i) => i.DocNumber === e1.number)).toHaveLength(1);
    const again = await reconcile('2026-08');
    expect(again.discrepancies).toEqual([]);
    expect(again.matches).toBe(true);
    // Back on (this world never ran a test sync, so with the audited override).
    const on = await call('PUT', '/api/v1/sync/settings', { autoSync: true, override: true });
    expect(on).toEqual({ status: 200, body: { autoSync: true } });
  }, 60_000);

  it('keeps one trend point per month, oldest first, and refuses a Technician', async () => {
    const overview = await call('GET', '/api/v1/reconciliation');
    expect(overview.status).toBe(200);
    const body = overview.body as ReconciliationOverview;
    expect(body.trend.map((p) => p.month)).toEqual(['2026-04', '2026-05', '2026-06', '2026-07', '2026-08']);
    expect(body.trend.every((p) => p.matches && p.discrepancyCents === 0)).toBe(true);
    expect(body.timeZone).toBe('America/Los_Angeles');
    expect(body.defaultMonth).toMatch(/^\d{4}-\d{2}$/);

    const technician = await signSession({ tid: TENANT, role: 'technician' });
    const res = await fetch(`${bffUrl()}/api/v1/reconciliation/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${technician}`, 'content-type': 'application/json' },
      body: JSON.stringify({ month: '2026-04' }),
    });
    expect(res.status).toBe(403);
  });

  it('finds each case a bookkeeper meets in one month once, names it, and flags nothing that is fine', async () => {
    const accounts = await w.qboList('Account');
    const accountId = (name: string) => String(accounts.find((a) => a.Name === name)?.Id);
    const qboDoc = async (entity: string, exoId: string) =>
      (await w.qboList(entity)).find((x) => String(x.PrivateNote).includes(exoId))!;

    // Two checks, a card payment and its Stripe payout, a taxed sale paid in cash and refunded.
    const k1 = await invoice('2026-09-01');
    const check1 = await pay(k1, '2026-09-02', { checkNumber: '2001' });
    const k2 = await invoice('2026-09-02');
    const check2 = await pay(k2, '2026-09-03', { checkNumber: '2002', amountCents: 10_000 });
    const k3 = await invoice('2026-09-03');
    const card = await pay(k3, '2026-09-03', { method: 'card', checkNumber: undefined });
    const payout = await w.exoPost<ExoPayout>('/payouts', {
      feeCents: 250,
      paymentIds: [card.id],
      arrivalDate: '2026-09-04',
    });
    const k4 = await invoice('2026-09-08', {
      lines: [
        {
          kind: 'part',
          description: 'Thermostat',
          quantityMilli: 1000,
          unitPriceCents: 18_900,
          taxable: true,
        },
      ],
      taxRateId: 'tax_denver',
    });
    const cash = await pay(k4, '2026-09-08', { method: 'cash', checkNumber: undefined });
    const refund = await w.exoPost<ExoRefund>(`/payments/${cash.id}/refunds`, {
      amountCents: cash.amountCents,
      issuedOn: '2026-09-09',
    });
    expect(await w.settle()).not.toHaveProperty('failed');

    // Mid-month the admin re-maps service revenue to a new account and labor to an item on it — and the new
    // mapping leaves "State only" unmapped, so a later invoice at that rate fails.
    const residential = await byHand('Account', {
      Name: uniqueName('Residential service'),
      AccountType: 'Income',
      AccountSubType: 'ServiceFeeIncome',
    });
    const laborItem = await byHand('Item', {
      Name: uniqueName('Residential labor'),
      Type: 'Service',
      IncomeAccountRef: { value: residential.Id },
    });
    const { tax_state: _unmapped, ...taxCodes } = mapping.taxCodes;
    mapping = {
      ...mapping,
      version: mapping.version + 1,
      serviceRevenueAccountId: String(residential.Id),
      laborItemId: String(laborItem.Id),
      taxCodes,
    };
    await saveMapping(mapping);
    const k5 = await invoice('2026-09-15');
    const failed = await invoice('2026-09-16', {
      lines: [
        {
          kind: 'part',
          description: 'Blower motor',
          quantityMilli: 1000,
          unitPriceCents: 17_825,
          taxable: true,
        },
      ],
      taxRateId: 'tax_state',
    });
    expect(await w.settle()).toMatchObject({ failed: 1 });
    expect((await w.qboList('Invoice')).find((i) => i.DocNumber === k5.number)).toBeTruthy();

    // In QuickBooks, the bookkeeper: deposits the two checks; deletes the payout's deposit by mistake; rings up
    // a walk-in sale; posts a journal entry to service revenue; and edits the refund so the tax stays payable.
    const bank = mapping.bankDepositAccountId;
    const slip = await byHand('Deposit', {
      TxnDate: '2026-09-10',
      DepositToAccountRef: { value: bank },
      Line: await Promise.all(
        [check1, check2].map(async (p) => ({
          Amount: p.amountCents / 100,
          LinkedTxn: [{ TxnId: (await qboDoc('Payment', p.id)).Id, TxnType: 'Payment', TxnLineId: '0' }],
        })),
      ),
    });
    const payoutDeposit = await qboDoc('Deposit', payout.id);
    await byHand(
      'Deposit',
      { Id: payoutDeposit.Id, SyncToken: payoutDeposit.SyncToken },
      '?operation=delete',
    );
    const walkIn = await byHand('SalesReceipt', {
      TxnDate: '2026-09-12',
      DocNumber: 'WALKIN-1',
      DepositToAccountRef: { value: bank },
      Line: [
        {
          Amount: 149.94,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: mapping.partsItemId }, TaxCodeRef: { value: 'NON' } },
        },
      ],
    });
    const journal = await byHand('JournalEntry', {
      TxnDate: '2026-09-30',
      Line: [
        {
          Amount: 50,
          DetailType: 'JournalEntryLineDetail',
          JournalEntryLineDetail: { PostingType: 'Credit', AccountRef: { value: accountId('Services') } },
        },
        {
          Amount: 50,
          DetailType: 'JournalEntryLineDetail',
          JournalEntryLineDetail: {
            PostingType: 'Debit',
            AccountRef: { value: accountId('Opening Balance Equity') },
          },
        },
      ],
    });
    const receipt = await qboDoc('RefundReceipt', refund.id);
    const taxCents = k4.tax!.amountCents;
    const line = (receipt.Line as Record<string, unknown>[]).find(
      (l) => l.DetailType === 'SalesItemLineDetail',
    )!;
    await byHand(
      'RefundReceipt',
      {
        Id: receipt.Id,
        SyncToken: receipt.SyncToken,
        sparse: true,
        Line: [
          {
            ...line,
            Amount: k4.totalCents / 100,
            SalesItemLineDetail: {
              ...(line.SalesItemLineDetail as object),
              Qty: 1,
              UnitPrice: k4.totalCents / 100,
              TaxCodeRef: { value: 'NON' },
            },
          },
        ],
        TxnTaxDetail: { TotalTax: 0 },
      },
      '?operation=update',
    );

    const r = await reconcile('2026-09');
    // The check slip is explained, not listed; the deleted payout deposit is listed once, on its own.
    expect(r.payouts.paymentsDeposits).toEqual([
      expect.objectContaining({ id: String(slip.Id), amountCents: check1.amountCents + 10_000, payments: 2 }),
    ]);
    expect(r.payouts.unmatchedDeposits).toEqual([]);
    expect(r.payouts.lines).toEqual([
      expect.objectContaining({ payoutId: payout.id, matched: false, cause: 'deposit_missing' }),
    ]);
    const byKey = Object.fromEntries(r.discrepancies.map((d) => [d.key, d]));
    expect(Object.keys(byKey).sort()).toEqual(
      [
        `invoice:${failed.id}`,
        `qbo:JournalEntry:${journal.Id}`,
        `qbo:SalesReceipt:${walkIn.Id}`,
        `refund:${refund.id}`,
      ].sort(),
    );
    expect(byKey[`qbo:SalesReceipt:${walkIn.Id}`]).toMatchObject({
      cause: 'entered_by_hand',
      quickbooks: { type: 'SalesReceipt', docNumber: 'WALKIN-1', amountCents: 149_94, date: '2026-09-12' },
      effects: [{ figure: 'product_revenue', cents: -149_94 }],
    });
    expect(byKey[`qbo:SalesReceipt:${walkIn.Id}`]?.quickbooks?.url).toContain(String(walkIn.Id));
    expect(byKey[`qbo:JournalEntry:${journal.Id}`]).toMatchObject({
      cause: 'entered_by_hand',
      effects: [{ figure: 'service_revenue', cents: -50_00 }],
    });
    expect(byKey[`refund:${refund.id}`]).toMatchObject({
      cause: 'not_reversed',
      effects: expect.arrayContaining([
        { figure: 'sales_tax', cents: -taxCents },
        { figure: 'product_revenue', cents: taxCents },
      ]),
    });
    expect(byKey[`invoice:${failed.id}`]).toMatchObject({
      cause: 'sync_failed',
      differenceCents: failed.totalCents,
      failure: expect.objectContaining({ code: 'invalid_tax_rate' }),
      fix: { action: 'retry' },
    });
    // Every line's difference is explained by the items above; the re-map hides nothing and flags nothing.
    for (const f of r.figures) expect(f.unexplainedCents, f.key).toBe(0);
    const figure = (key: string) => r.figures.find((f) => f.key === key)!;
    expect(figure('service_revenue').differenceCents).toBe(-50_00);
    expect(figure('deposits').differenceCents).toBe(payout.netCents);
    expect(figure('fees').differenceCents).toBe(250);
    expect(figure('sales_tax').differenceCents).toBe(-taxCents + failed.tax!.amountCents);
    // The headline: five open items, each counted once.
    expect(r).toMatchObject({ status: 'differs', openItems: 5, unexplainedCents: 0, pendingRecords: 0 });
    expect(r.discrepancyCents).toBe(
      r.discrepancies.reduce((s, d) => s + Math.abs(d.differenceCents), 0) + payout.netCents,
    );
  }, 90_000);
});
