import type { ExoInvoice } from '@exoserva/contracts';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS, agreeingBooks, posting } from '../testing/reconcile-books.ts';
import { reconcileMonth } from './reconcile-month.ts';
import type { QboTxn, ReconcileInput } from './reconcile-input.ts';

const figure = (r: ReturnType<typeof reconcileMonth>, key: string) => r.figures.find((f) => f.key === key)!;

/** Takes an invoice out of QuickBooks: its document, its postings, its place in the A/R aging. */
function dropInvoice(input: ReconcileInput, invoice: ExoInvoice) {
  const qboId = input.links.invoice.get(invoice.id)?.qboId;
  input.links.invoice.delete(invoice.id);
  input.quickbooks.invoices = input.quickbooks.invoices.filter((d) => d.id !== qboId);
  input.quickbooks.ledger = input.quickbooks.ledger.filter(
    (p) => !(p.txnType === 'Invoice' && p.txnId === qboId),
  );
}

const doc = (id: string, date: string, cents: number, extra: Partial<QboTxn> = {}): QboTxn => ({
  id,
  syncToken: '0',
  date,
  totalCents: cents,
  customerId: null,
  customerName: null,
  docNumber: null,
  taxCents: 0,
  accountId: null,
  ...extra,
});

describe('a month where the books agree', () => {
  it('matches every line, payout and receivable, and lists nothing', () => {
    const { input } = agreeingBooks({ invoices: 40 });
    const r = reconcileMonth(input);
    expect(r.discrepancies).toEqual([]);
    expect(r.figures.filter((f) => f.differenceCents !== 0)).toEqual([]);
    expect(r.payouts.lines.length).toBeGreaterThan(0);
    expect(r.payouts.lines.every((l) => l.matched)).toBe(true);
    expect(r.payouts.unmatchedDeposits).toEqual([]);
    expect(r.receivables.every((l) => l.matches)).toBe(true);
    expect(r).toMatchObject({ status: 'matched', matches: true, openItems: 0, discrepancyCents: 0 });
    // Both sides of every line carry money, so "0 = 0" can't pass for agreement.
    for (const f of r.figures) expect(f.exoservaCents, f.key).toBeGreaterThan(0);
  });

  it('says a month with no activity is empty, not matched', () => {
    const { input } = agreeingBooks({ month: '2026-05' });
    // August: nothing dated in it on either side; May's open invoices are still owed, on both sides.
    const quiet = { ...input.quickbooks, ledger: [], invoices: [], payments: [], refunds: [], deposits: [] };
    const r = reconcileMonth({ ...input, month: '2026-08', quickbooks: quiet });
    expect(r).toMatchObject({ status: 'empty', matches: false, openItems: 0 });
  });

  it('says first that records of the month are still on their way', () => {
    const { input } = agreeingBooks();
    input.work.set(`invoice:${input.exoserva.invoices[0]!.id}`, {
      state: 'pending',
      held: false,
      failure: null,
    });
    expect(reconcileMonth(input).pendingRecords).toBe(1);
  });
});

describe('what a bookkeeper meets at month end, each found once', () => {
  it('explains the bookkeeper’s bank deposit of synced checks instead of calling the month off', () => {
    const { input } = agreeingBooks();
    const checks = input.exoserva.payments.filter((p) => p.method === 'check');
    const qboIds = checks.map((p) => input.links.payment.get(p.id)!.qboId);
    const total = checks.reduce((s, p) => s + p.amountCents, 0);
    input.quickbooks.deposits.push(
      doc('8001', '2026-05-20', total, {
        accountId: ACCOUNTS.bank,
        linked: qboIds.map((id) => ({ type: 'Payment', id })),
        directLines: 0,
      }),
    );
    const r = reconcileMonth(input);
    expect(r.payouts.paymentsDeposits).toEqual([
      expect.objectContaining({ id: '8001', amountCents: total, payments: checks.length }),
    ]);
    expect(r).toMatchObject({ status: 'matched', openItems: 0 });
  });

  it('lists a payout whose deposit is missing and a check slip beside it on their own — never netted', () => {
    const { input } = agreeingBooks();
    const payout = input.exoserva.payouts[0]!;
    const depositId = input.links.payout.get(payout.id)!.qboId;
    input.quickbooks.deposits = input.quickbooks.deposits.filter((d) => d.id !== depositId);
    input.quickbooks.ledger = input.quickbooks.ledger.filter((p) => p.txnId !== depositId);
    const checks = input.exoserva.payments.filter((p) => p.method === 'check');
    input.quickbooks.deposits.push(
      doc('8001', '2026-05-20', 99_99, {
        accountId: ACCOUNTS.bank,
        linked: checks.map((p) => ({ type: 'Payment', id: input.links.payment.get(p.id)!.qboId })),
        directLines: 0,
      }),
    );
    const r = reconcileMonth(input);
    const line = r.payouts.lines.find((l) => l.payoutId === payout.id)!;
    expect(line).toMatchObject({ matched: false, cause: 'deposit_missing' });
    expect(figure(r, 'deposits')).toMatchObject({ differenceCents: payout.netCents, unexplainedCents: 0 });
    expect(figure(r, 'fees')).toMatchObject({ differenceCents: payout.feeCents, unexplainedCents: 0 });
    expect(r.payouts.paymentsDeposits.map((d) => d.id)).toEqual(['8001']);
    expect(r.openItems).toBe(1);
    expect(r.discrepancyCents).toBe(payout.netCents);
  });

  it('names a sales receipt entered by hand, and a journal entry to a revenue account, with what each moves', () => {
    const { input } = agreeingBooks();
    input.quickbooks.ledger.push(
      posting(ACCOUNTS.product, 'SalesReceipt', '7001', '2026-05-14', 149_94, {
        docNumber: '1055',
        name: 'Walk-in',
      }),
      posting(ACCOUNTS.salesTax, 'SalesReceipt', '7001', '2026-05-14', 10_87, {
        docNumber: '1055',
        name: 'Walk-in',
      }),
      posting(ACCOUNTS.service, 'JournalEntry', '7002', '2026-05-31', -250_00),
    );
    const r = reconcileMonth({ ...input, recordUrl: (type, id) => `https://qbo.example/${type}/${id}` });
    const receipt = r.discrepancies.find((d) => d.key === 'qbo:SalesReceipt:7001');
    expect(receipt).toMatchObject({
      recordKind: null,
      cause: 'entered_by_hand',
      exoserva: null,
      quickbooks: {
        type: 'SalesReceipt',
        id: '7001',
        docNumber: '1055',
        customerName: 'Walk-in',
        url: 'https://qbo.example/SalesReceipt/7001',
      },
      effects: [
        { figure: 'product_revenue', cents: -149_94 },
        { figure: 'sales_tax', cents: -10_87 },
      ],
    });
    expect(r.discrepancies.find((d) => d.key === 'qbo:JournalEntry:7002')).toMatchObject({
      cause: 'entered_by_hand',
      effects: [{ figure: 'service_revenue', cents: 250_00 }],
    });
    expect(figure(r, 'product_revenue')).toMatchObject({ differenceCents: -149_94, unexplainedCents: 0 });
    expect(figure(r, 'service_revenue')).toMatchObject({ differenceCents: 250_00, unexplainedCents: 0 });
    expect(r.discrepancies).toHaveLength(2);
  });

  it('reads a re-map mid-month: records on the old and the new account both count, nothing is flagged', () => {
    const { input } = agreeingBooks();
    // From the 15th, service revenue maps to account 99: the engine posted the later invoices there.
    input.concepts = { ...input.concepts, service_revenue: [ACCOUNTS.service, '99'] };
    for (const p of input.quickbooks.ledger)
      if (p.accountId === ACCOUNTS.service && p.date >= '2026-05-15') p.accountId = '99';
    const r = reconcileMonth(input);
    expect(r.discrepancies).toEqual([]);
    expect(figure(r, 'service_revenue').differenceCents).toBe(0);
    expect(r.status).toBe('matched');
  });

  it('catches a refund that kept its tax, on the sales tax line, from the Sales Tax Payable account', () => {
    const { input } = agreeingBooks({ refundEvery: 5 });
    const taxed = input.exoserva.refunds.find((r) => {
      const inv = input.exoserva.invoices.find((i) => i.id === r.invoiceId)!;
      return inv.tax !== null;
    })!;
    const qboId = input.links.refund.get(taxed.id)!.qboId;
    const kept = input.quickbooks.ledger.find(
      (p) => p.txnType === 'RefundReceipt' && p.txnId === qboId && p.accountId === ACCOUNTS.salesTax,
    )!;
    // QuickBooks gave the tax back as service revenue instead.
    kept.accountId = ACCOUNTS.service;
    const r = reconcileMonth(input);
    expect(r.discrepancies).toEqual([
      expect.objectContaining({
        key: `refund:${taxed.id}`,
        cause: 'not_reversed',
        effects: expect.arrayContaining([{ figure: 'sales_tax', cents: kept.cents }]),
      }),
    ]);
    expect(figure(r, 'sales_tax')).toMatchObject({ differenceCents: kept.cents, unexplainedCents: 0 });
    expect(kept.cents).toBeLessThan(0);
  });

  it('counts a failed invoice once, with every line it moves, and the headline says so', () => {
    const { input } = agreeingBooks();
    const invoice = input.exoserva.invoices.find((i) => i.tax && i.discountCents > 0 && i.id.endsWith('0'))!;
    dropInvoice(input, invoice);
    // Its payment never went either: blocked behind it.
    const payment = input.exoserva.payments.find((p) => p.invoiceId === invoice.id);
    if (payment) {
      const id = input.links.payment.get(payment.id)!.qboId;
      input.links.payment.delete(payment.id);
      input.quickbooks.payments = input.quickbooks.payments.filter((d) => d.id !== id);
      input.work.set(`payment:${payment.id}`, { state: 'blocked', held: false, failure: null });
    }
    input.work.set(`invoice:${invoice.id}`, {
      state: 'failed',
      held: false,
      failure: { code: 'invalid_tax_rate', title: 'Invalid tax rate', fix: 'Map the rate, then retry.' },
    });
    const r = reconcileMonth(input);
    const item = r.discrepancies.find((d) => d.key === `invoice:${invoice.id}`)!;
    expect(item).toMatchObject({
      cause: 'sync_failed',
      differenceCents: invoice.totalCents,
      failure: { code: 'invalid_tax_rate' },
    });
    expect(item.figures).toEqual(
      expect.arrayContaining(['service_revenue', 'discounts', 'sales_tax', 'receivables']),
    );
    for (const f of r.figures) expect(f.unexplainedCents, f.key).toBe(0);
    // The invoice's total, and the payment's, each once — not the invoice once per line it moves.
    expect(r.discrepancyCents).toBe(invoice.totalCents + (payment?.amountCents ?? 0));
    expect(r.openItems).toBe(payment ? 2 : 1);
  });

  it('leaves a difference no record explains as unexplained, and within a dollar a line still matches', () => {
    const { input } = agreeingBooks();
    // An invoice line QuickBooks shows a dollar low, with nothing to say why.
    input.quickbooks.ledger.find((p) => p.accountId === ACCOUNTS.product)!.cents -= 1_00;
    let r = reconcileMonth(input);
    // The invoice is the record behind it: posted differently.
    expect(r.discrepancies).toEqual([expect.objectContaining({ cause: 'posted_differently' })]);
    expect(figure(r, 'product_revenue')).toMatchObject({
      differenceCents: 1_00,
      matches: true,
      unexplainedCents: 0,
    });
    const { input: other } = agreeingBooks();
    other.quickbooks.receivables.totalCents += 5_00;
    r = reconcileMonth(other);
    expect(figure(r, 'receivables')).toMatchObject({
      differenceCents: -5_00,
      unexplainedCents: -5_00,
      matches: false,
    });
    expect(r.unexplainedCents).toBe(5_00);
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
      const qboId = input.links.payment.get(id)!.qboId;
      input.links.payment.delete(id);
      input.quickbooks.payments = input.quickbooks.payments.filter((d) => d.id !== qboId);
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
});
