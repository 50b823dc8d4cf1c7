import type { ExoInvoice } from '@exoserva/contracts';
import { describe, expect, it } from 'vitest';
import { invoiceAmounts } from './exoserva-figures.ts';
import { agreeingBooks } from '../testing/reconcile-books.ts';
import { reconcileMonth } from './reconcile-month.ts';
import type { QboTxn, ReconcileInput } from './reconcile-input.ts';

/** Takes an invoice's lines and discount out of QuickBooks' P&L, as if QuickBooks never had it. */
function lowerIncome(input: ReconcileInput, invoice: ExoInvoice) {
  const a = invoiceAmounts(invoice);
  const add = (id: string, cents: number) =>
    input.quickbooks.incomeByAccount.set(id, (input.quickbooks.incomeByAccount.get(id) ?? 0) + cents);
  add(input.mapping.serviceRevenueAccountId, -a.labor);
  add(input.mapping.productRevenueAccountId, -a.parts);
  add(input.mapping.discountsAccountId, a.discount);
}

const figure = (r: ReturnType<typeof reconcileMonth>, key: string) => r.figures.find((f) => f.key === key)!;

describe('a month where the books agree', () => {
  it('matches every figure, payout and receivable, and lists nothing', () => {
    const { input } = agreeingBooks({ invoices: 40 });
    const r = reconcileMonth(input);
    expect(r.discrepancies).toEqual([]);
    expect(r.figures.every((f) => f.matches && f.differenceCents === 0)).toBe(true);
    expect(r.payouts.lines.length).toBeGreaterThan(0);
    expect(r.payouts.lines.every((l) => l.matched)).toBe(true);
    expect(r.payouts.unmatchedDeposits).toEqual([]);
    expect(r.receivables.every((l) => l.matches)).toBe(true);
    expect(r.matches).toBe(true);
    expect(r.discrepancyCents).toBe(0);
    expect(r.counts.invoices).toBe(40);
    // Both sides of every figure carry money, so "0 = 0" can't pass for agreement.
    for (const key of [
      'service_revenue',
      'product_revenue',
      'discounts',
      'sales_tax',
      'payments',
      'refunds',
      'deposits',
      'receivables',
    ]) {
      expect(figure(r, key).exoservaCents, key).toBeGreaterThan(0);
    }
  });

  it('still matches when QuickBooks is off by a dollar, and not by a dollar and a cent (rounding)', () => {
    const { input } = agreeingBooks();
    const service = input.mapping.serviceRevenueAccountId;
    input.quickbooks.incomeByAccount.set(service, (input.quickbooks.incomeByAccount.get(service) ?? 0) + 100);
    let r = reconcileMonth(input);
    expect(figure(r, 'service_revenue')).toMatchObject({
      differenceCents: -100,
      matches: true,
      unexplainedCents: -100,
    });
    expect(r.matches).toBe(true);
    expect(r.discrepancyCents).toBe(100);
    input.quickbooks.incomeByAccount.set(service, (input.quickbooks.incomeByAccount.get(service) ?? 0) + 1);
    r = reconcileMonth(input);
    expect(figure(r, 'service_revenue').matches).toBe(false);
    expect(r.matches).toBe(false);
  });
});

describe('catching what goes wrong', () => {
  it('finds a payment entered by hand in QuickBooks', () => {
    const { input, qboCustomer } = agreeingBooks();
    const byHand: QboTxn = {
      id: '9001',
      syncToken: '0',
      date: '2026-05-12',
      totalCents: 42_00,
      customerId: qboCustomer('cus_0'),
      customerName: 'Customer 0',
      docNumber: null,
      taxCents: 0,
      accountId: '4',
    };
    input.quickbooks.payments.push(byHand);
    const r = reconcileMonth(input);
    expect(r.discrepancies).toEqual([
      expect.objectContaining({
        key: 'qbo:payment:9001',
        cause: 'entered_by_hand',
        exoserva: null,
        differenceCents: -42_00,
        fix: { action: 'none' },
      }),
    ]);
    expect(figure(r, 'payments')).toMatchObject({
      differenceCents: -42_00,
      matches: false,
      unexplainedCents: 0,
    });
  });

  it('finds an invoice whose sync failed, with the engine’s words and a retry', () => {
    const { input } = agreeingBooks();
    const invoice = input.exoserva.invoices[2]!;
    input.links.invoice.delete(invoice.id);
    const qboId = input.quickbooks.invoices.findIndex((d) => d.docNumber === invoice.number);
    input.quickbooks.invoices.splice(qboId, 1);
    lowerIncome(input, invoice);
    input.work.set(`invoice:${invoice.id}`, {
      state: 'failed',
      held: false,
      failure: { code: 'invalid_tax_rate', title: 'Invalid tax rate', fix: 'Map the tax rate, then retry.' },
    });
    const r = reconcileMonth(input);
    const d = r.discrepancies.find((x) => x.key === `invoice:${invoice.id}`);
    expect(d).toMatchObject({
      cause: 'sync_failed',
      fix: { action: 'retry' },
      differenceCents: invoice.totalCents,
      failure: { code: 'invalid_tax_rate' },
      quickbooks: null,
    });
    expect(d?.figures).toContain('receivables');
    expect(figure(r, 'service_revenue').matches).toBe(false);
  });

  it('offers to link a hand-entered copy of an unsynced invoice (same number, same customer) instead of listing both', () => {
    const { input } = agreeingBooks();
    const invoice = input.exoserva.invoices[1]!;
    input.links.invoice.delete(invoice.id); // the engine failed on duplicate_doc_number; the bookkeeper typed it in
    input.work.set(`invoice:${invoice.id}`, { state: 'failed', held: false, failure: null });
    const copy = input.quickbooks.invoices.find((d) => d.docNumber === invoice.number)!;
    const r = reconcileMonth(input);
    expect(r.discrepancies).toEqual([
      expect.objectContaining({
        key: `invoice:${invoice.id}`,
        fix: { action: 'link', quickbooksId: copy.id },
        differenceCents: 0,
      }),
    ]);
  });

  it('explains a refund that did not fully reverse in QuickBooks (partial refund)', () => {
    const { input } = agreeingBooks({ refundEvery: 5 });
    const refund = input.exoserva.refunds[0]!;
    const doc = input.quickbooks.refunds.find((d) => d.id === input.links.refund.get(refund.id)?.qboId)!;
    doc.totalCents -= 10_00;
    const service = input.mapping.serviceRevenueAccountId;
    input.quickbooks.incomeByAccount.set(
      service,
      (input.quickbooks.incomeByAccount.get(service) ?? 0) + 10_00,
    );
    const r = reconcileMonth(input);
    expect(r.discrepancies).toEqual([
      expect.objectContaining({ cause: 'partial_refund', differenceCents: 10_00, fix: { action: 'resync' } }),
    ]);
    expect(figure(r, 'refunds')).toMatchObject({
      differenceCents: 10_00,
      unexplainedCents: 0,
      matches: false,
    });
    expect(figure(r, 'service_revenue')).toMatchObject({ differenceCents: -10_00, unexplainedCents: 0 });
  });

  it('tells an unsent Exoserva edit (retry) from an edit made in QuickBooks (re-sync)', () => {
    const { input } = agreeingBooks();
    const [a, b] = input.exoserva.payments;
    for (const p of [a!, b!])
      input.quickbooks.payments.find((d) => d.id === input.links.payment.get(p.id)?.qboId)!.totalCents -=
        1_00;
    a!.version = 2; // Exoserva moved on; the link still holds version 1
    const r = reconcileMonth(input);
    const byKey = new Map(r.discrepancies.map((d) => [d.key, d]));
    expect(byKey.get(`payment:${a!.id}`)).toMatchObject({ cause: 'not_resent', fix: { action: 'retry' } });
    expect(byKey.get(`payment:${b!.id}`)).toMatchObject({
      cause: 'changed_in_quickbooks',
      fix: { action: 'resync' },
    });
  });

  it('says why an unsynced record waits: pending, blocked, held, never announced', () => {
    const { input } = agreeingBooks();
    const ids = input.exoserva.payments.slice(0, 4).map((p) => p.id);
    for (const id of ids) {
      input.links.payment.delete(id);
      const qboId = input.quickbooks.payments.findIndex(
        (d) => d.totalCents === input.exoserva.payments.find((p) => p.id === id)!.amountCents,
      );
      input.quickbooks.payments.splice(qboId, 1);
    }
    input.work.set(`payment:${ids[0]}`, { state: 'pending', held: false, failure: null });
    input.work.set(`payment:${ids[1]}`, { state: 'blocked', held: false, failure: null });
    input.work.set(`payment:${ids[2]}`, { state: 'pending', held: true, failure: null });
    const r = reconcileMonth(input);
    const causes = Object.fromEntries(r.discrepancies.map((d) => [d.exoserva?.id, [d.cause, d.fix.action]]));
    expect(causes).toEqual({
      [ids[0]!]: ['sync_pending', 'retry'],
      [ids[1]!]: ['sync_blocked', 'none'],
      [ids[2]!]: ['sync_held', 'none'],
      [ids[3]!]: ['never_queued', 'retry'],
    });
    expect(figure(r, 'payments').unexplainedCents).toBe(0);
  });

  it('leaves a difference no record explains as unexplained', () => {
    const { input } = agreeingBooks();
    input.quickbooks.incomeByAccount.set(input.mapping.productRevenueAccountId, 0);
    const r = reconcileMonth(input);
    const product = figure(r, 'product_revenue');
    expect(product.unexplainedCents).toBe(product.differenceCents);
    expect(product.differenceCents).toBeGreaterThan(0);
  });

  it('ignores void invoices that never synced, and counts a voided QuickBooks copy as nothing', () => {
    const { input } = agreeingBooks();
    const invoice = input.exoserva.invoices[3]!; // unpaid
    invoice.status = 'void';
    const doc = input.quickbooks.invoices.find((d) => d.docNumber === invoice.number)!;
    doc.totalCents = 0;
    doc.taxCents = 0;
    const owedBy = input.quickbooks.receivables.customers.find((c) => c.id === doc.customerId)!;
    owedBy.cents -= invoice.totalCents;
    input.quickbooks.receivables.totalCents -= invoice.totalCents;
    lowerIncome(input, { ...invoice, status: 'open' });
    const r = reconcileMonth(input);
    expect(r.discrepancies).toEqual([]);
    expect(r.matches).toBe(true);
  });
});
