import type { ExoCustomer, ExoInvoice, ExoPayment, ExoPayout, ExoRefund } from '@exoserva/contracts';
import { describe, expect, it } from 'vitest';
import { backfillRate, etaSeconds, planBackfill, type PlanInput } from './backfill-plan.ts';

const at = '2026-10-01T09:00:00.000Z';
const customer = (id: string): ExoCustomer => ({
  id,
  tenantId: 'ten_summit',
  displayName: `Customer ${id}`,
  version: 1,
  updatedAt: at,
});
const invoice = (id: string, over: Partial<ExoInvoice> = {}): ExoInvoice => ({
  id,
  tenantId: 'ten_summit',
  number: `N-${id}`,
  customerId: 'cus_1',
  issueDate: '2026-10-05',
  status: 'open',
  lines: [
    {
      id: 'l1',
      kind: 'labor',
      description: 'Visit',
      quantityMilli: 1000,
      unitPriceCents: 10_000,
      amountCents: 10_000,
      taxable: false,
    },
  ],
  discounts: [],
  tax: null,
  subtotalCents: 10_000,
  discountCents: 0,
  totalCents: 10_000,
  attachments: [],
  version: 1,
  updatedAt: at,
  ...over,
});
const payment = (id: string, over: Partial<ExoPayment> = {}): ExoPayment => ({
  id,
  tenantId: 'ten_summit',
  invoiceId: 'inv_1',
  customerId: 'cus_1',
  amountCents: 4_000,
  method: 'card',
  receivedOn: '2026-10-06',
  version: 1,
  updatedAt: at,
  ...over,
});
const refund = (id: string): ExoRefund => ({
  id,
  tenantId: 'ten_summit',
  paymentId: 'pay_1',
  invoiceId: 'inv_1',
  customerId: 'cus_1',
  amountCents: 1_500,
  kind: 'partial',
  issuedOn: '2026-10-07',
  method: 'card',
  version: 1,
  updatedAt: at,
});
const payout = (id: string): ExoPayout => ({
  id,
  tenantId: 'ten_summit',
  stripePayoutId: `po_${id}`,
  arrivalDate: '2026-10-08',
  payments: [{ paymentId: 'pay_1', amountCents: 4_000 }],
  refunds: [],
  feeCents: 146,
  netCents: 3_854,
  version: 1,
  updatedAt: at,
});

function input(over: Partial<PlanInput> = {}): PlanInput {
  return {
    kinds: ['invoice', 'payment', 'refund', 'payout'],
    records: { invoice: [], payment: [], refund: [], payout: [] },
    customers: [customer('cus_1'), customer('cus_2')],
    links: new Map(),
    linkedQboInvoiceIds: new Set(),
    held: new Set(),
    qboInvoicesByNumber: new Map(),
    customerMatches: new Map(),
    ...over,
  };
}

describe('planBackfill (the preview and the job plan)', () => {
  it('counts and totals each kind in cents, and sends only what the id map does not link', () => {
    const plan = planBackfill(
      input({
        records: {
          invoice: [invoice('inv_1', { totalCents: 12_345 }), invoice('inv_2', { totalCents: 5_001 })],
          payment: [payment('pay_1'), payment('pay_2', { amountCents: 999 })],
          refund: [refund('ref_1')],
          payout: [payout('po_1')],
        },
        links: new Map([
          ['invoice:inv_1', '101'],
          ['customer:cus_1', '58'],
        ]),
      }),
    );
    const byKind = Object.fromEntries(plan.kinds.map((k) => [k.kind, k]));
    expect(byKind.invoice).toMatchObject({
      records: 2,
      totalCents: 17_346,
      alreadySynced: 1,
      willCreate: 1,
      willCreateCents: 5_001,
      willLink: 0,
    });
    expect(byKind.payment).toMatchObject({ records: 2, totalCents: 4_999, willCreate: 2 });
    expect(byKind.refund).toMatchObject({ records: 1, totalCents: 1_500, willCreate: 1 });
    expect(byKind.payout).toMatchObject({ records: 1, totalCents: 3_854, willCreate: 1 });
    expect(byKind.customer).toMatchObject({ records: 1, alreadySynced: 1, willCreate: 0 });
    // Customers first, then invoices, payments, refunds, payouts: dependencies go ahead of what needs them.
    expect(plan.items.map((i) => `${i.kind}:${i.recordId}`)).toEqual([
      'invoice:inv_2',
      'payment:pay_1',
      'payment:pay_2',
      'refund:ref_1',
      'payout:po_1',
    ]);
    expect(plan.links).toEqual([]);
  });

  it('links an invoice QuickBooks has under the same DocNumber for the same customer instead of creating it', () => {
    const plan = planBackfill(
      input({
        kinds: ['invoice'],
        records: { invoice: [invoice('inv_1')], payment: [], refund: [], payout: [] },
        links: new Map([['customer:cus_1', '58']]),
        qboInvoicesByNumber: new Map([
          ['N-inv_1', { qboId: '130', syncToken: '2', customerQboId: '58', totalCents: 9_000 }],
        ]),
      }),
    );
    expect(plan.kinds.find((k) => k.kind === 'invoice')).toMatchObject({ willLink: 1, willCreate: 0 });
    expect(plan.links).toEqual([{ kind: 'invoice', exoId: 'inv_1', qboId: '130', syncToken: '2' }]);
    // Linked records are still sent: the engine brings QuickBooks' copy in line with Exoserva (an update).
    expect(plan.items.map((i) => i.recordId)).toEqual(['inv_1']);
  });

  it('does not link a same-numbered QuickBooks invoice of another customer and amount, or one already linked', () => {
    const plan = planBackfill(
      input({
        kinds: ['invoice'],
        records: { invoice: [invoice('inv_1'), invoice('inv_2')], payment: [], refund: [], payout: [] },
        links: new Map([['customer:cus_1', '58']]),
        linkedQboInvoiceIds: new Set(['131']),
        qboInvoicesByNumber: new Map([
          ['N-inv_1', { qboId: '130', syncToken: '0', customerQboId: '77', totalCents: 1 }],
          ['N-inv_2', { qboId: '131', syncToken: '0', customerQboId: '58', totalCents: 10_000 }],
        ]),
      }),
    );
    expect(plan.links).toEqual([]);
    expect(plan.kinds.find((k) => k.kind === 'invoice')).toMatchObject({
      willLink: 0,
      willCreate: 2,
      needsReview: 2,
    });
  });

  it('links a matched customer, creates an unmatched one, and flags one that needs review', () => {
    const plan = planBackfill(
      input({
        kinds: ['invoice'],
        customers: [customer('cus_1'), customer('cus_2'), customer('cus_3')],
        records: {
          invoice: [
            invoice('inv_1', { customerId: 'cus_1' }),
            invoice('inv_2', { customerId: 'cus_2' }),
            invoice('inv_3', { customerId: 'cus_3' }),
          ],
          payment: [],
          refund: [],
          payout: [],
        },
        customerMatches: new Map([
          ['cus_1', { bucket: 'linked', qboId: '58' }],
          ['cus_2', { bucket: 'review', qboId: '59' }],
          ['cus_3', { bucket: 'create', qboId: null }],
        ]),
      }),
    );
    expect(plan.kinds[0]).toMatchObject({
      kind: 'customer',
      records: 3,
      willLink: 1,
      willCreate: 2,
      needsReview: 1,
    });
    expect(plan.links).toEqual([{ kind: 'customer', exoId: 'cus_1', qboId: '58', syncToken: null }]);
    expect(plan.items.filter((i) => i.kind === 'customer').map((i) => i.recordId)).toEqual([
      'cus_2',
      'cus_3',
    ]);
  });

  it('counts held records and sends them even when linked (the backfill releases them)', () => {
    const plan = planBackfill(
      input({
        kinds: ['invoice'],
        records: { invoice: [invoice('inv_1'), invoice('inv_2')], payment: [], refund: [], payout: [] },
        links: new Map([
          ['invoice:inv_1', '101'],
          ['customer:cus_1', '58'],
        ]),
        held: new Set(['invoice:inv_1', 'invoice:inv_2']),
      }),
    );
    expect(plan.kinds.find((k) => k.kind === 'invoice')).toMatchObject({ held: 2, alreadySynced: 1 });
    expect(plan.items.map((i) => i.recordId)).toEqual(['inv_1', 'inv_2']);
  });

  it('leaves out a void invoice QuickBooks never had, and only the kinds asked for', () => {
    const plan = planBackfill(
      input({
        kinds: ['payment'],
        records: {
          invoice: [invoice('inv_void', { status: 'void' })],
          payment: [payment('pay_1')],
          refund: [],
          payout: [],
        },
      }),
    );
    expect(plan.kinds.map((k) => k.kind)).toEqual(['customer', 'payment']);
    const onlyInvoices = planBackfill(
      input({
        kinds: ['invoice'],
        records: { invoice: [invoice('inv_void', { status: 'void' })], payment: [], refund: [], payout: [] },
      }),
    );
    expect(onlyInvoices.kinds).toEqual([
      expect.objectContaining({ kind: 'invoice', records: 0, totalCents: 0 }),
    ]);
    expect(onlyInvoices.items).toEqual([]);
  });

  it('gives an empty plan for an empty range', () => {
    const plan = planBackfill(input());
    expect(plan.items).toEqual([]);
    expect(plan.kinds.every((k) => k.records === 0)).toBe(true);
  });
});

describe('backfill rate and ETA', () => {
  it('uses the limiter’s per-minute budget until enough records have landed to measure', () => {
    expect(backfillRate({ landedLastMinute: 4, runningForMs: 30_000, limiterPerMinute: 480 })).toEqual({
      perMinute: 480,
      measured: false,
    });
  });

  it('scales a young job’s count up to a minute, and uses the last minute for an older one', () => {
    expect(backfillRate({ landedLastMinute: 50, runningForMs: 15_000, limiterPerMinute: 480 })).toEqual({
      perMinute: 200,
      measured: true,
    });
    expect(
      backfillRate({ landedLastMinute: 300, runningForMs: 600_000, limiterPerMinute: 480 }).perMinute,
    ).toBe(300);
  });

  it('rounds the ETA up to whole seconds and is 0 when nothing remains', () => {
    expect(etaSeconds(1000, 480)).toBe(125);
    expect(etaSeconds(7, 480)).toBe(1);
    expect(etaSeconds(0, 480)).toBe(0);
  });
});
