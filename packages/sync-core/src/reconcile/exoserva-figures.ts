/**
 * Exoserva's side of the figure lines, booked the way the sync engine books them in QuickBooks, so equal books
 * give equal numbers: labor lines are service revenue and parts lines product revenue (mapped items), refunds
 * come off service revenue (refund-mapper: one line on the labor item), discounts and tax are what the
 * invoices carry, payments by the day received, refunds by the day issued, payouts by the day they arrive.
 */
import type { ExoInvoice, ExoPayment, ExoPayout, ExoRefund } from '@exoserva/contracts';
import { inPeriod, type MonthPeriod } from './month.ts';

export interface ExoservaFigures {
  serviceRevenue: number;
  productRevenue: number;
  discounts: number;
  salesTax: number;
  payments: number;
  refunds: number;
  deposits: number;
  /** Labor + parts before discounts and refunds: the base of the discrepancy share. */
  grossRevenue: number;
}

export interface MonthRecords {
  invoices: ExoInvoice[];
  payments: ExoPayment[];
  refunds: ExoRefund[];
  payouts: ExoPayout[];
}

/** The records dated in the month (void invoices included: they carry no money but may still be linked). */
export function recordsInMonth(all: MonthRecords, period: MonthPeriod): MonthRecords {
  return {
    invoices: all.invoices.filter((i) => inPeriod(i.issueDate, period)),
    payments: all.payments.filter((p) => inPeriod(p.receivedOn, period)),
    refunds: all.refunds.filter((r) => inPeriod(r.issuedOn, period)),
    payouts: all.payouts.filter((p) => inPeriod(p.arrivalDate, period)),
  };
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

export function exoservaFigures(month: MonthRecords): ExoservaFigures {
  let labor = 0;
  let parts = 0;
  let discounts = 0;
  let salesTax = 0;
  for (const invoice of month.invoices) {
    const a = invoiceAmounts(invoice);
    labor += a.labor;
    parts += a.parts;
    discounts += a.discount;
    salesTax += a.tax;
  }
  const refunds = month.refunds.reduce((s, r) => s + r.amountCents, 0);
  return {
    serviceRevenue: labor - refunds,
    productRevenue: parts,
    discounts,
    salesTax,
    payments: month.payments.reduce((s, p) => s + p.amountCents, 0),
    refunds,
    deposits: month.payouts.reduce((s, p) => s + p.netCents, 0),
    grossRevenue: labor + parts,
  };
}
