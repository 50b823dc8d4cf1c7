/**
 * What each Exoserva record should do to each figure line of the month, worked out from Exoserva's records and
 * the product's bookkeeping rules — the same rules the books follow, so equal books give equal lines:
 *
 * - an invoice: labor lines are service revenue, parts lines product revenue, its discount, its tax;
 * - a refund: gives back its share of each (refund-allocation.ts: what Exoserva says, else in proportion to what
 *   is left of the sale);
 * - a payment and a refund: the month's payments and refunds;
 * - a payout: the money arriving at the bank (deposits), and Stripe's fees, dispute fees and disputes (fees).
 *
 * Effects are in each line's own terms: revenue, discounts given, tax collected and fees are positive amounts.
 */
import type { ExoInvoice, ExoPayment, ExoPayout, ExoRefund, FigureKey } from '@exoserva/contracts';
import { allocateRefund } from '../refund-allocation.ts';

export type Effects = Partial<Record<FigureKey, number>>;

/** The figure lines read from QuickBooks' ledger, by the accounts mapped for them. */
export const LEDGER_FIGURES = [
  'service_revenue',
  'product_revenue',
  'discounts',
  'sales_tax',
  'fees',
] as const;
export type LedgerFigure = (typeof LEDGER_FIGURES)[number];

export function add(into: Effects, figure: FigureKey, cents: number): void {
  if (cents === 0) return;
  const next = (into[figure] ?? 0) + cents;
  if (next === 0) delete into[figure];
  else into[figure] = next;
}

/** An invoice's money as the books hold it: a void invoice is zero everywhere. */
export function invoiceAmounts(invoice: ExoInvoice) {
  if (invoice.status === 'void') return { labor: 0, parts: 0, discount: 0, tax: 0, total: 0 };
  let labor = 0;
  let parts = 0;
  for (const line of invoice.lines) {
    if (line.kind === 'labor') labor += line.amountCents;
    else parts += line.amountCents;
  }
  return {
    labor,
    parts,
    discount: invoice.discountCents,
    tax: invoice.tax?.amountCents ?? 0,
    total: invoice.totalCents,
  };
}

export function invoiceEffects(invoice: ExoInvoice): Effects {
  const a = invoiceAmounts(invoice);
  const out: Effects = {};
  add(out, 'service_revenue', a.labor);
  add(out, 'product_revenue', a.parts);
  add(out, 'discounts', a.discount);
  add(out, 'sales_tax', a.tax);
  return out;
}

export function paymentEffects(payment: ExoPayment): Effects {
  return { payments: payment.amountCents };
}

/**
 * What a refund gives back of its sale. A refund the rule can't place (its invoice unknown, or more than is
 * left of it) is counted against service revenue — the line the guide's "refund that didn't fully reverse"
 * sends a bookkeeper to — so its money is never dropped from the comparison.
 */
export function refundEffects(
  refund: ExoRefund,
  invoice: ExoInvoice | undefined,
  refundsOfInvoice: readonly ExoRefund[],
): Effects {
  const out: Effects = { refunds: refund.amountCents };
  const allocation = invoice ? allocateRefund(invoice, refund, refundsOfInvoice) : undefined;
  if (!allocation?.ok) {
    add(out, 'service_revenue', -refund.amountCents);
    return out;
  }
  for (const { line, amountCents } of allocation.value.lines) {
    add(out, line.kind === 'labor' ? 'service_revenue' : 'product_revenue', -amountCents);
  }
  add(out, 'discounts', -allocation.value.discountCents);
  add(out, 'sales_tax', -allocation.value.taxCents);
  return out;
}

export function payoutEffects(payout: ExoPayout): Effects {
  const out: Effects = { deposits: payout.netCents };
  // A dispute or its fee takes money (negative): an expense. A dispute won back reduces them.
  const adjustments = (payout.adjustments ?? []).reduce((s, a) => s - a.amountCents, 0);
  add(out, 'fees', payout.feeCents + adjustments);
  return out;
}
