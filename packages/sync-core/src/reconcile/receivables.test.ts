import { describe, expect, it } from 'vitest';
import { agreeingBooks } from '../testing/reconcile-books.ts';
import { compareReceivables, exoservaReceivables } from './receivables.ts';

describe('receivables at month end', () => {
  it('owes what was invoiced by the last day less what was paid by then, ignoring voids and later invoices', () => {
    const { input } = agreeingBooks({ invoices: 8 });
    const [paidInvoice, , , openInvoice] = input.exoserva.invoices;
    const owed = exoservaReceivables(input.exoserva.invoices, input.exoserva.payments, '2026-05-31');
    expect(owed.get(openInvoice!.customerId)).toBeGreaterThanOrEqual(openInvoice!.totalCents);
    // A payment received after the month end still leaves the invoice owed on the last day.
    const late = input.exoserva.payments.map((p) =>
      p.invoiceId === paidInvoice!.id ? { ...p, receivedOn: '2026-06-02' } : p,
    );
    const before = exoservaReceivables(input.exoserva.invoices, late, '2026-05-31');
    expect((before.get(paidInvoice!.customerId) ?? 0) - (owed.get(paidInvoice!.customerId) ?? 0)).toBe(
      paidInvoice!.totalCents,
    );
    const voided = input.exoserva.invoices.map((i) =>
      i.id === openInvoice!.id ? { ...i, status: 'void' as const } : i,
    );
    const afterVoid = exoservaReceivables(voided, input.exoserva.payments, '2026-05-31');
    expect((owed.get(openInvoice!.customerId) ?? 0) - (afterVoid.get(openInvoice!.customerId) ?? 0)).toBe(
      openInvoice!.totalCents,
    );
  });

  it('joins customers through the id map and puts differing customers first', () => {
    const { input, qboCustomer } = agreeingBooks({ invoices: 8 });
    const owed = exoservaReceivables(input.exoserva.invoices, input.exoserva.payments, '2026-05-31');
    const qbo = structuredClone(input.quickbooks.receivables);
    qbo.customers.push({ id: '777', name: 'Walk-in (QuickBooks only)', cents: 25_00 });
    qbo.customers[0]!.cents += 50; // within $1
    const lines = compareReceivables(owed, qbo, input.exoserva.customers, input.links.customer);
    expect(lines[0]).toMatchObject({
      customerName: 'Walk-in (QuickBooks only)',
      exoservaCustomerId: null,
      differenceCents: -25_00,
      matches: false,
    });
    const joined = lines.find((l) => l.quickbooksCustomerId === qboCustomer('cus_1'))!;
    expect(joined).toMatchObject({ exoservaCustomerId: 'cus_1', customerName: 'Customer 1' });
    expect(lines.filter((l) => !l.matches)).toHaveLength(1);
  });
});
