/**
 * Receivables at month end, per customer (GUIDE step 8: "Receivables"). Exoserva's side: each invoice issued
 * by the month's last day and not void, less the payments received on it by that day. Refunds don't touch
 * receivables in either book (a RefundReceipt pays money out; it doesn't reopen the invoice). QuickBooks' side
 * is its AgedReceivables report on the same day; customers are joined through the id map.
 */
import type { ExoCustomer, ExoInvoice, ExoPayment, ReceivableLine } from '@exoserva/contracts';
import type { ReceivablesByCustomer } from './qbo-reports.ts';
import type { LinkInfo } from './reconcile-input.ts';
import { withinTolerance } from './tolerance.ts';

export function exoservaReceivables(
  invoices: readonly ExoInvoice[],
  payments: readonly ExoPayment[],
  asOf: string,
): Map<string, number> {
  const paid = new Map<string, number>();
  for (const p of payments) {
    if (p.receivedOn <= asOf) paid.set(p.invoiceId, (paid.get(p.invoiceId) ?? 0) + p.amountCents);
  }
  const owed = new Map<string, number>();
  for (const invoice of invoices) {
    if (invoice.status === 'void' || invoice.issueDate > asOf) continue;
    const open = invoice.totalCents - (paid.get(invoice.id) ?? 0);
    if (open !== 0) owed.set(invoice.customerId, (owed.get(invoice.customerId) ?? 0) + open);
  }
  return owed;
}

/** One line per customer owing something on either side, differing lines first, then by name. */
export function compareReceivables(
  exoserva: Map<string, number>,
  quickbooks: ReceivablesByCustomer,
  customers: readonly ExoCustomer[],
  customerLinks: Map<string, LinkInfo>,
  toleranceCents?: number,
): ReceivableLine[] {
  const exoByQboId = new Map<string, string>();
  for (const [exoId, link] of customerLinks) exoByQboId.set(link.qboId, exoId);
  const names = new Map(customers.map((c) => [c.id, c.displayName]));
  const lines = new Map<string, ReceivableLine>();
  const line = (exoId: string | null, qboId: string | null, name: string) => {
    const key = exoId ? `exo:${exoId}` : `qbo:${qboId}`;
    let l = lines.get(key);
    if (!l) {
      l = {
        customerName: name,
        exoservaCustomerId: exoId,
        quickbooksCustomerId: qboId,
        exoservaCents: 0,
        quickbooksCents: 0,
        differenceCents: 0,
        matches: true,
      };
      lines.set(key, l);
    }
    return l;
  };
  for (const [exoId, cents] of exoserva) {
    line(exoId, customerLinks.get(exoId)?.qboId ?? null, names.get(exoId) ?? exoId).exoservaCents += cents;
  }
  for (const c of quickbooks.customers) {
    const exoId = exoByQboId.get(c.id) ?? null;
    const l = line(exoId, c.id, exoId ? (names.get(exoId) ?? c.name) : c.name);
    l.quickbooksCustomerId = c.id;
    l.quickbooksCents += c.cents;
  }
  const out = [...lines.values()].filter((l) => l.exoservaCents !== 0 || l.quickbooksCents !== 0);
  for (const l of out) {
    l.differenceCents = l.exoservaCents - l.quickbooksCents;
    l.matches = withinTolerance(l.exoservaCents, l.quickbooksCents, toleranceCents);
  }
  return out.sort(
    (a, b) => Number(a.matches) - Number(b.matches) || a.customerName.localeCompare(b.customerName),
  );
}
