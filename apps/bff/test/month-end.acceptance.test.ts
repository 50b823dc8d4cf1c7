/**
 * Month-end acceptance (issue 18): a month of a 3-tech HVAC shop, generated from a seed, synced through the real
 * BFF and both stand-ins — then QuickBooks' trial balance, account by account, must be what Exoserva's records
 * say, to the cent.
 *
 * The month: 30 customers (two pairs sharing a name), 60 invoices with labor and parts lines, fractional hours,
 * 14 discounted, two tax rates, 3 edited after they synced, 1 voided; 54 card (with tips), check, cash and ACH
 * payments, 6 invoices paid in two parts and a few left open; a full, a partial and a line-by-line refund of card
 * payments and a partial cash refund; four Stripe payouts with fees, the refunds they net and a dispute with its
 * fee.
 *
 * The expected balances are worked out here from Exoserva's records alone — never through the product's
 * mappers: an invoice credits revenue by line kind, debits discounts and A/R and credits tax; a payment moves A/R
 * to where its method lands; a refund reverses its share of each part of the sale (what Exoserva says it covers,
 * else the documented rule: in proportion to what is left of each part, largest remainder); a payout moves its
 * charges out of Undeposited Funds into Checking, tips to Tips Payable, fees and disputes to their expenses.
 * On PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
import type {
  AccountMapping,
  ExoCustomer,
  ExoInvoice,
  ExoPayment,
  ExoPayout,
  ExoRefund,
} from '@exoserva/contracts';
import { DEFAULT_APP, type RunningQboSandbox } from '@exoserva/qbo-sandbox';
import { seededRandom } from '@exoserva/sync-core';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPglite } from './support/pglite-template.ts';
import { createPostgresSchema, POSTGRES_URL } from './support/postgres.ts';
import { API_KEY, REALM, startSyncWorld, TENANT, type SyncWorld } from './support/sync-world.ts';

const TIMEOUT = 240_000;
const MONTH = '2026-11';
const day = (d: number) => `${MONTH}-${String(d).padStart(2, '0')}`;

let world: SyncWorld | undefined;
let dropSchema: (() => Promise<void>) | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
  await dropSchema?.();
  dropSchema = undefined;
});

// ---- the company: the seeded chart plus what a shop with tips and disputes adds ---------------------------

const ACCOUNT = {
  service: 'Services',
  product: 'Sales of Product Income',
  discounts: 'Discounts given',
  salesTax: 'Sales Tax Payable',
  undeposited: 'Undeposited Funds',
  checking: 'Checking',
  fees: 'Bank charges',
  tips: 'Tips Payable',
  disputes: 'Disputes and Chargebacks',
  receivable: 'Accounts Receivable (A/R)',
} as const;

function shopMapping(base: AccountMapping, qbo: RunningQboSandbox): AccountMapping {
  const company = qbo.sandbox.companies.get(REALM);
  if (!company) throw new Error('no company');
  const tips = company.create('Account', { Name: ACCOUNT.tips, AccountType: 'Other Current Liability' });
  const disputes = company.create('Account', { Name: ACCOUNT.disputes, AccountType: 'Expense' });
  const code = (name: string) => String(company.list('TaxCode').find((c) => c.Name === name)?.Id ?? '');
  return {
    ...base,
    tipsPayableAccountId: String(tips.record.Id),
    payoutAdjustmentsAccountId: String(disputes.record.Id),
    taxCodes: { tax_denver: code('California'), tax_state: code('San Francisco') },
    // Checks wait in Undeposited Funds for the bookkeeper's deposit; cash goes straight to the bank.
    paymentRouting: { cash: 'bank', check: 'undeposited_funds' },
  };
}

// ---- the month ------------------------------------------------------------------------------------------

const FIRST = ['Maria', 'James', 'Aisha', 'Wei', 'Carlos', 'Priya', 'Tom', 'Fatima', 'Luis', 'Grace'];
const LAST = ['Garcia', 'Nguyen', 'Okafor', 'Smith', 'Kowalski', 'Haddad'];
const HOURS = [750, 1000, 1333, 1500, 2000, 2250, 3500];
const RATES = [9500, 11_000, 12_500];
const PARTS = [
  ['Run capacitor 45/5 µF', 3840],
  ['Condenser fan motor', 18_999],
  ['Thermostat', 12_450],
  ['Refrigerant R-410A, lb', 8_500],
  ['Ignitor', 4_275],
  ['Air filter 16x25x1', 1_299],
] as const;

interface Month {
  customers: ExoCustomer[];
  invoices: ExoInvoice[];
}

async function runMonth(w: SyncWorld): Promise<void> {
  const random = seededRandom(20261130);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const post = <T>(path: string, body: unknown) => w.exoPost<T>(path, body);
  const patch = async (path: string, body: unknown) => {
    const res = await fetch(`${w.exo.url}/api/tenants/${TENANT}${path}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-exoserva-api-key': API_KEY },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  const month: Month = { customers: [], invoices: [] };

  // 30 customers; two pairs share a name (the first created keeps the plain name).
  for (let i = 0; i < 30; i++) {
    const displayName =
      i === 17
        ? month.customers[3]!.displayName
        : i === 25
          ? month.customers[9]!.displayName
          : `${FIRST[i % 10]} ${LAST[(i * 7) % 6]} ${i < 10 ? '' : i}`.trim();
    month.customers.push(
      await post<ExoCustomer>('/customers', { displayName, email: `customer${i}@example.com` }),
    );
  }

  // 60 invoices over the month: labor (often fractional hours), 0–2 parts, 14 discounted, two tax rates.
  for (let i = 0; i < 60; i++) {
    const customer = month.customers[i % 30]!;
    const parts = Array.from({ length: Math.floor(random() * 3) }, () => {
      const [description, unitPriceCents] = pick(PARTS);
      return {
        kind: 'part',
        description,
        quantityMilli: 1000 * (1 + Math.floor(random() * 2)),
        unitPriceCents,
      };
    });
    const taxRoll = random();
    month.invoices.push(
      await post<ExoInvoice>('/invoices', {
        customerId: customer.id,
        issueDate: day(2 + Math.floor(i / 3)),
        lines: [
          {
            kind: 'labor',
            description: 'Service call and repair',
            quantityMilli: pick(HOURS),
            unitPriceCents: pick(RATES),
          },
          ...parts,
        ],
        ...(i % 4 === 1 && i < 56
          ? { discounts: [{ description: 'Maintenance plan 10 %', amountCents: 1000 + (i % 5) * 250 }] }
          : {}),
        ...(taxRoll < 0.6 ? { taxRateId: 'tax_denver' } : taxRoll < 0.85 ? { taxRateId: 'tax_state' } : {}),
        internalNotes: 'Gate code 4411 — never leaves Exoserva',
      }),
    );
  }
  await w.settle(60_000);

  // Three invoices edited after they synced (an extra part), one voided.
  for (const i of [5, 22, 41]) {
    const inv = month.invoices[i]!;
    await patch(`/invoices/${inv.id}`, {
      lines: [
        ...inv.lines.map(({ kind, description, quantityMilli, unitPriceCents, taxable }) => ({
          kind,
          description,
          quantityMilli,
          unitPriceCents,
          taxable,
        })),
        { kind: 'part', description: 'Surge protector', quantityMilli: 1000, unitPriceCents: 6_500 },
      ],
    });
  }
  await post(`/invoices/${month.invoices[30]!.id}/void`, {});
  await w.settle(60_000);

  // 54 payments: invoices 0–53 but the void, and invoice 59 with a partial payment; 6 paid in two parts;
  // 54–58 stay open.
  const payable = [...Array.from({ length: 54 }, (_, i) => i).filter((i) => i !== 30), 59];
  const payments = new Map<number, ExoPayment[]>();
  const pay = async (i: number, body: Record<string, unknown>) => {
    const p = await post<ExoPayment>(`/invoices/${month.invoices[i]!.id}/payments`, body);
    payments.set(i, [...(payments.get(i) ?? []), p]);
    return p;
  };
  const methodFor = (i: number) => {
    const r = i % 20;
    if (r < 12)
      return {
        method: 'card',
        cardBrand: pick(['visa', 'mastercard', 'amex', 'discover'] as const),
        last4: String(1000 + i * 37).slice(-4),
        ...(r % 4 === 0 ? { tipCents: 500 + i * 25 } : {}),
      };
    if (r < 15) return { method: 'check', checkNumber: String(2200 + i) };
    if (r < 17) return { method: 'cash' };
    return { method: 'ach', last4: String(6000 + i).slice(-4) };
  };
  const receivedOn = (i: number, extra = 0) => day(Math.min(28, 3 + Math.floor(i / 3) + extra));
  const payoutDays = [8, 15, 22, 29];
  let next = 0;
  const payout = async (feeCents: number) => {
    await w.exo.sandbox.events.idle();
    await post<ExoPayout>('/payouts', { feeCents, arrivalDate: day(payoutDays[next++]!) });
  };

  for (const i of payable) {
    const split = i % 9 === 4 || i === 59;
    const method = methodFor(i);
    if (split) {
      const half = Math.floor(month.invoices[i]!.totalCents / 2) + 1;
      await pay(i, { ...method, amountCents: half, receivedOn: receivedOn(i) });
      if (i !== 59) await pay(i, { ...methodFor(i + 1), receivedOn: receivedOn(i, 2) });
    } else {
      await pay(i, { ...method, receivedOn: receivedOn(i) });
    }
    const card = (j: number) => (payments.get(j) ?? []).find((p) => p.method === 'card');
    // Refunds, as they happen through the month.
    if (i === 10 && card(8)) {
      // A full refund of a card charge not yet paid out: the payout nets charge and refund.
      await post<ExoRefund>(`/payments/${card(8)!.id}/refunds`, {
        reason: 'Duplicate charge',
        issuedOn: day(7),
      });
    }
    if (i === 26 && card(1)) {
      // A partial refund of a charge paid out already: spread over the sale in proportion.
      await post<ExoRefund>(`/payments/${card(1)!.id}/refunds`, { amountCents: 4_500, issuedOn: day(12) });
    }
    if (i === 40) {
      // The part on an invoice refunded line by line, its discount share and tax with it.
      // Not 22: paid in two parts, its first card payment may be smaller than the line.
      const j = [20, 21, 23, 24, 25].find(
        (k) => card(k) && month.invoices[k]!.lines.some((l) => l.kind === 'part'),
      );
      const inv = j === undefined ? undefined : month.invoices[j]!;
      const line = inv?.lines.find((l) => l.kind === 'part');
      if (j !== undefined && line)
        await post<ExoRefund>(`/payments/${card(j)!.id}/refunds`, {
          lines: [{ lineId: line.id }],
          issuedOn: day(17),
        });
      const cash = [...payments.values()].flat().find((p) => p.method === 'cash');
      if (cash)
        await post<ExoRefund>(`/payments/${cash.id}/refunds`, { amountCents: 1_000, issuedOn: day(17) });
    }
    if (i === 45 && card(2)) {
      // A customer disputes a paid-out charge: Stripe takes it and a $15 fee from the next payout.
      await post(`/payments/${card(2)!.id}/disputes`, {});
    }
    if (i === 12 || i === 27 || i === 42) await payout(3_000 + i * 41);
  }
  await payout(2_875);
  await w.settle(90_000);
}

// ---- what the books must say, from Exoserva's records alone -----------------------------------------------

interface Records {
  customers: ExoCustomer[];
  invoices: ExoInvoice[];
  payments: ExoPayment[];
  refunds: ExoRefund[];
  payouts: ExoPayout[];
}

async function readRecords(w: SyncWorld): Promise<Records> {
  const list = async <T>(plural: string) =>
    (
      (await (
        await fetch(`${w.exo.url}/api/tenants/${TENANT}/${plural}`, {
          headers: { 'x-exoserva-api-key': API_KEY },
        })
      ).json()) as { items: T[] }
    ).items;
  return {
    customers: await list('customers'),
    invoices: await list('invoices'),
    payments: await list('payments'),
    refunds: await list('refunds'),
    payouts: await list('payouts'),
  };
}

/**
 * The documented refund rule, written again here from its description: what is left of each part of the sale
 * after earlier refunds, a share of each in proportion, floors first and the leftover cents to the largest
 * fractions, ties to the earlier part.
 */
function proportionalShares(left: readonly number[], refund: number): number[] {
  const total = BigInt(left.reduce((s, c) => s + c, 0));
  const exact = left.map((c) => BigInt(c) * BigInt(refund));
  const floors = exact.map((n) => (n >= 0n ? n / total : -((-n + total - 1n) / total)));
  const remainders = exact.map((n, i) => n - (floors[i] as bigint) * total);
  let leftover = Number(BigInt(refund) - floors.reduce((s, f) => s + f, 0n));
  const byRemainder = [...left.keys()].sort((a, b) =>
    remainders[a] === remainders[b] ? a - b : (remainders[b] as bigint) > (remainders[a] as bigint) ? 1 : -1,
  );
  const out = floors.map(Number);
  for (const i of byRemainder) if (leftover-- > 0) out[i] = (out[i] as number) + 1;
  return out;
}

const STRIPE = new Set(['card', 'ach']);

/** Debit-positive balances by account name, and what each customer owes, in cents. */
function expectedBooks(r: Records): { accounts: Map<string, number>; owed: Map<string, number> } {
  const accounts = new Map<string, number>();
  const owed = new Map<string, number>();
  const post = (account: string, cents: number) =>
    accounts.set(account, (accounts.get(account) ?? 0) + cents);
  const owe = (customerId: string, cents: number) =>
    owed.set(customerId, (owed.get(customerId) ?? 0) + cents);
  const invoices = new Map(r.invoices.map((i) => [i.id, i]));

  for (const inv of r.invoices) {
    if (inv.status === 'void') continue;
    owe(inv.customerId, inv.totalCents);
    post(ACCOUNT.receivable, inv.totalCents);
    for (const line of inv.lines)
      post(line.kind === 'labor' ? ACCOUNT.service : ACCOUNT.product, -line.amountCents);
    post(ACCOUNT.discounts, inv.discountCents);
    post(ACCOUNT.salesTax, -(inv.tax?.amountCents ?? 0));
  }
  for (const p of r.payments) {
    owe(p.customerId, -p.amountCents);
    post(ACCOUNT.receivable, -p.amountCents);
    post(
      STRIPE.has(p.method) || p.method === 'check' ? ACCOUNT.undeposited : ACCOUNT.checking,
      p.amountCents,
    );
  }
  // Refunds of an invoice in the order Exoserva issued them: each reverses its share of what is left.
  const ordered = [...r.refunds].sort((a, b) =>
    (a.createdAt ?? '') === (b.createdAt ?? '')
      ? a.id.localeCompare(b.id)
      : (a.createdAt ?? '') < (b.createdAt ?? '')
        ? -1
        : 1,
  );
  const left = new Map<string, number[]>();
  for (const refund of ordered) {
    const inv = invoices.get(refund.invoiceId)!;
    const parts = left.get(inv.id) ?? [
      ...inv.lines.map((l) => l.amountCents),
      -inv.discountCents,
      inv.tax?.amountCents ?? 0,
    ];
    const shares = refund.allocation
      ? [
          ...inv.lines.map((l) => refund.allocation!.lines.find((x) => x.lineId === l.id)?.amountCents ?? 0),
          -refund.allocation.discountCents,
          refund.allocation.taxCents,
        ]
      : proportionalShares(parts, refund.amountCents);
    left.set(
      inv.id,
      parts.map((c, i) => c - (shares[i] as number)),
    );
    inv.lines.forEach((l, i) =>
      post(l.kind === 'labor' ? ACCOUNT.service : ACCOUNT.product, shares[i] as number),
    );
    post(ACCOUNT.discounts, shares[inv.lines.length] as number);
    post(ACCOUNT.salesTax, shares[inv.lines.length + 1] as number);
    post(STRIPE.has(refund.method) ? ACCOUNT.undeposited : ACCOUNT.checking, -refund.amountCents);
  }
  for (const payout of r.payouts) {
    post(ACCOUNT.checking, payout.netCents);
    for (const p of payout.payments) {
      post(ACCOUNT.undeposited, -p.amountCents);
      post(ACCOUNT.tips, -(p.tipCents ?? 0));
    }
    for (const refund of payout.refunds) post(ACCOUNT.undeposited, refund.amountCents);
    post(ACCOUNT.fees, payout.feeCents);
    for (const a of payout.adjustments ?? [])
      post(a.kind === 'dispute_fee' ? ACCOUNT.fees : ACCOUNT.disputes, -a.amountCents);
  }
  return { accounts, owed };
}

// ---- what QuickBooks says --------------------------------------------------------------------------------

async function trialBalance(w: SyncWorld): Promise<Map<string, number>> {
  const minted = (await (
    await fetch(`${w.qbo.url}/_sandbox/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ realmId: REALM, clientId: DEFAULT_APP.clientId }),
    })
  ).json()) as { access_token: string };
  const res = await fetch(
    `${w.qbo.url}/v3/company/${REALM}/reports/TrialBalance?start_date=${day(1)}&end_date=${day(30)}&minorversion=75`,
    { headers: { authorization: `Bearer ${minted.access_token}`, accept: 'application/json' } },
  );
  const report = (await res.json()) as {
    Rows: { Row: { ColData?: { value: string }[]; type: string }[] };
  };
  const cents = (v: string | undefined) => (v ? Math.round(Number(v) * 100) : 0);
  const out = new Map<string, number>();
  for (const row of report.Rows.Row) {
    if (row.type !== 'Data' || !row.ColData) continue;
    const [name, debit, credit] = row.ColData;
    out.set(name!.value, cents(debit?.value) - cents(credit?.value));
  }
  return out;
}

async function assertMonthEnd(w: SyncWorld) {
  const records = await readRecords(w);
  // The month is what it says it is.
  expect(records.customers).toHaveLength(30);
  expect(records.invoices).toHaveLength(60);
  expect(records.invoices.filter((i) => i.discounts.length > 0)).toHaveLength(14);
  expect(records.invoices.filter((i) => i.status === 'void')).toHaveLength(1);
  expect(records.invoices.filter((i) => i.version > 1 && i.status !== 'void').length).toBeGreaterThanOrEqual(
    3,
  );
  expect(new Set(records.invoices.map((i) => i.tax?.taxRateId ?? 'none'))).toEqual(
    new Set(['tax_denver', 'tax_state', 'none']),
  );
  expect(records.invoices.some((i) => i.lines.some((l) => l.quantityMilli % 1000 !== 0))).toBe(true);
  expect(records.payments).toHaveLength(60);
  expect(new Set(records.payments.map((p) => p.method))).toEqual(new Set(['card', 'check', 'cash', 'ach']));
  expect(records.payments.some((p) => (p.tipCents ?? 0) > 0)).toBe(true);
  expect(records.refunds.map((r) => r.kind).sort()).toEqual(['full', 'partial', 'partial', 'partial']);
  expect(records.refunds.some((r) => r.allocation)).toBe(true);
  expect(records.payouts).toHaveLength(4);
  expect(records.payouts.some((p) => p.refunds.length > 0)).toBe(true);
  expect(records.payouts.some((p) => (p.adjustments ?? []).some((a) => a.kind === 'dispute'))).toBe(true);

  // Nothing is left behind in the queue.
  const { rows } = await w.instances[0]!.bff.database.query<{ state: string; n: string | number }>(
    'SELECT state, count(*) AS n FROM sync_work GROUP BY state',
  );
  expect(Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]))).toEqual({
    done: rows.reduce((s, r) => s + Number(r.n), 0),
  });

  // Account by account, to the cent.
  const expected = expectedBooks(records);
  const actual = await trialBalance(w);
  const diff: Record<string, { expected: number; quickbooks: number }> = {};
  for (const name of new Set([...expected.accounts.keys(), ...actual.keys()])) {
    const e = expected.accounts.get(name) ?? 0;
    const a = actual.get(name) ?? 0;
    if (e !== a) diff[name] = { expected: e, quickbooks: a };
  }
  expect(diff).toEqual({});
  // Every account this month touches has a balance to compare (a test that compared nothing would pass).
  for (const name of Object.values(ACCOUNT)) expect(actual.get(name) ?? 0).not.toBe(0);

  // What each customer owes.
  const { rows: links } = await w.instances[0]!.bff.database.query<{ exoserva_id: string; qbo_id: string }>(
    `SELECT exoserva_id, qbo_id FROM qbo_links WHERE tenant_id = $1 AND entity_type = 'customer'`,
    [TENANT],
  );
  const qboCustomers = new Map((await w.qboList('Customer')).map((c) => [String(c.Id), c]));
  for (const link of links) {
    const balance = Math.round(Number(qboCustomers.get(link.qbo_id)?.Balance ?? 0) * 100);
    expect({ customer: link.exoserva_id, balance }).toEqual({
      customer: link.exoserva_id,
      balance: expected.owed.get(link.exoserva_id) ?? 0,
    });
  }
  // Every payment names its method; internal notes stayed home.
  const qboPayments = await w.qboList('Payment');
  expect(qboPayments).toHaveLength(records.payments.length);
  expect(qboPayments.every((p) => p.PaymentMethodRef)).toBe(true);
  expect(JSON.stringify(await w.qboList('Invoice'))).not.toContain('Gate code');
}

describe('month-end: a shop’s month in QuickBooks, account by account', () => {
  it(
    'on PGlite: the trial balance is what Exoserva’s records say, to the cent',
    async () => {
      const db = await freshPglite();
      world = await startSyncWorld({ openDatabase: () => db, mapping: shopMapping });
      await runMonth(world);
      await assertMonthEnd(world);
    },
    TIMEOUT,
  );

  const noPg = !POSTGRES_URL;
  if (noPg) console.warn('month-end: DATABASE_URL is not set, so the PostgreSQL run is skipped');
  it.skipIf(noPg)(
    'on PostgreSQL with two BFF instances: the trial balance is what Exoserva’s records say, to the cent',
    async () => {
      const pg = await createPostgresSchema(POSTGRES_URL as string);
      dropSchema = pg.drop;
      world = await startSyncWorld({ openDatabase: () => pg.open(), instances: 2, mapping: shopMapping });
      await runMonth(world);
      await assertMonthEnd(world);
    },
    TIMEOUT,
  );
});
