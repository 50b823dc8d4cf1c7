/**
 * One month, both books: the figure lines side by side, the records behind every difference, payouts matched
 * to deposits, receivables per customer. Pure: the BFF gathers the input (reconcile-input.ts) and stamps the
 * result with the time and the QuickBooks company. Linear in the number of records (maps, no nested scans),
 * so a month of 10,000 invoices stays well inside the 3-second budget (bench/reconcile.ts).
 */
import type {
  Discrepancy,
  ExoInvoice,
  FigureKey,
  FigureLine,
  ReconciledKind,
  ReconciliationReport,
} from '@exoserva/contracts';
import { RECONCILE_TOLERANCE_CENTS } from '@exoserva/contracts';
import { addCalendarDays } from './business-days.ts';
import { exoservaFigures, invoiceAmounts, recordsInMonth } from './exoserva-figures.ts';
import { inPeriod, monthPeriod } from './month.ts';
import { matchPayouts } from './payout-matching.ts';
import { compareReceivables, exoservaReceivables } from './receivables.ts';
import { compareKind, type ComparableRecord } from './record-comparison.ts';
import type { QboTxn, ReconcileInput } from './reconcile-input.ts';
import { basisPoints, withinTolerance } from './tolerance.ts';

export type ReconcileResult = Omit<ReconciliationReport, 'generatedAt' | 'companyName' | 'timings'>;

/** How far around the month the deposits query reaches (a week covers 2 business days plus a long weekend). */
export const DEPOSIT_QUERY_MARGIN_DAYS = 7;

export function depositQueryRange(month: string): { start: string; end: string } {
  const p = monthPeriod(month);
  return {
    start: addCalendarDays(p.start, -DEPOSIT_QUERY_MARGIN_DAYS),
    end: addCalendarDays(p.end, DEPOSIT_QUERY_MARGIN_DAYS),
  };
}

const DOCUMENT_FIGURES: Record<Exclude<ReconciledKind, 'payout'>, FigureKey[]> = {
  invoice: ['service_revenue', 'product_revenue', 'discounts', 'sales_tax', 'receivables'],
  payment: ['payments', 'receivables'],
  refund: ['refunds', 'service_revenue'],
};

function invoiceFigures(invoice: ExoInvoice): FigureKey[] {
  const a = invoiceAmounts(invoice);
  const figures: FigureKey[] = [];
  if (a.labor) figures.push('service_revenue');
  if (a.parts) figures.push('product_revenue');
  if (a.discount) figures.push('discounts');
  if (a.tax) figures.push('sales_tax');
  figures.push('receivables');
  return figures;
}

const sum = (docs: readonly QboTxn[], pick: (d: QboTxn) => number = (d) => d.totalCents) =>
  docs.reduce((s, d) => s + pick(d), 0);

export function reconcileMonth(input: ReconcileInput): ReconcileResult {
  const tolerance = input.toleranceCents ?? RECONCILE_TOLERANCE_CENTS;
  const period = monthPeriod(input.month);
  const { exoserva, quickbooks, mapping, links, work } = input;
  const month = recordsInMonth(exoserva, period);
  const exo = exoservaFigures(month);

  const customerNames = new Map(exoserva.customers.map((c) => [c.id, c.displayName]));
  const invoiceNumbers = new Map(exoserva.invoices.map((i) => [i.id, i.number]));
  const name = (id: string) => customerNames.get(id) ?? null;

  // ---- record by record ------------------------------------------------------------------------------
  const comparable = {
    invoice: (i: ExoInvoice): ComparableRecord => ({
      id: i.id,
      label: i.number,
      date: i.issueDate,
      amountCents: invoiceAmounts(i).total,
      customerId: i.customerId,
      customerName: name(i.customerId),
      version: i.version,
      figures: invoiceFigures(i),
      void: i.status === 'void',
    }),
    payment: (p: (typeof exoserva.payments)[number]): ComparableRecord => ({
      id: p.id,
      label: invoiceNumbers.get(p.invoiceId) ?? p.invoiceId,
      date: p.receivedOn,
      amountCents: p.amountCents,
      customerId: p.customerId,
      customerName: name(p.customerId),
      version: p.version,
      figures: DOCUMENT_FIGURES.payment,
    }),
    refund: (r: (typeof exoserva.refunds)[number]): ComparableRecord => ({
      id: r.id,
      label: invoiceNumbers.get(r.invoiceId) ?? r.invoiceId,
      date: r.issuedOn,
      amountCents: r.amountCents,
      customerId: r.customerId,
      customerName: name(r.customerId),
      version: r.version,
      figures: DOCUMENT_FIGURES.refund,
    }),
  };
  const compare = <K extends 'invoice' | 'payment' | 'refund'>(
    kind: K,
    all: readonly Parameters<(typeof comparable)[K]>[0][],
    inMonth: readonly Parameters<(typeof comparable)[K]>[0][],
    documents: readonly QboTxn[],
  ) => {
    const toComparable = comparable[kind] as (r: Parameters<(typeof comparable)[K]>[0]) => ComparableRecord;
    const allRecords = new Map<string, ComparableRecord>();
    for (const r of all) {
      const c = toComparable(r);
      allRecords.set(c.id, c);
    }
    return compareKind({
      kind,
      records: inMonth.map((r) => allRecords.get((r as { id: string }).id) as ComparableRecord),
      allRecords,
      documents,
      links: links[kind],
      customerLinks: links.customer,
      work,
      documentFigures: DOCUMENT_FIGURES[kind],
    });
  };
  const discrepancies: Discrepancy[] = [
    ...compare('invoice', exoserva.invoices, month.invoices, quickbooks.invoices),
    ...compare('payment', exoserva.payments, month.payments, quickbooks.payments),
    ...compare('refund', exoserva.refunds, month.refunds, quickbooks.refunds),
  ].sort((a, b) => Math.abs(b.differenceCents) - Math.abs(a.differenceCents) || a.key.localeCompare(b.key));

  // ---- payouts ↔ deposits ----------------------------------------------------------------------------
  const payouts = matchPayouts({
    payouts: month.payouts,
    deposits: quickbooks.deposits,
    bankAccountId: mapping.bankDepositAccountId,
    period,
    links: links.payout,
    work,
    ...(input.holidays ? { holidays: input.holidays } : {}),
  });
  const bankDepositsInMonth = quickbooks.deposits.filter(
    (d) => d.accountId === mapping.bankDepositAccountId && inPeriod(d.date, period),
  );

  // ---- receivables -----------------------------------------------------------------------------------
  const owed = exoservaReceivables(exoserva.invoices, exoserva.payments, period.end);
  const receivables = compareReceivables(
    owed,
    quickbooks.receivables,
    exoserva.customers,
    links.customer,
    tolerance,
  );
  const exoReceivables = [...owed.values()].reduce((s, v) => s + v, 0);

  // ---- figure lines ----------------------------------------------------------------------------------
  const income = (id: string) => quickbooks.incomeByAccount.get(id) ?? 0;
  const sides: Record<FigureKey, [number, number]> = {
    service_revenue: [exo.serviceRevenue, income(mapping.serviceRevenueAccountId)],
    product_revenue: [exo.productRevenue, income(mapping.productRevenueAccountId)],
    // A discount posts to its (contra-)income account as a debit, so the P&L shows it negative.
    discounts: [exo.discounts, -income(mapping.discountsAccountId)],
    sales_tax: [exo.salesTax, sum(quickbooks.invoices, (d) => d.taxCents)],
    payments: [exo.payments, sum(quickbooks.payments)],
    refunds: [exo.refunds, sum(quickbooks.refunds)],
    deposits: [exo.deposits, sum(bankDepositsInMonth)],
    receivables: [exoReceivables, quickbooks.receivables.totalCents],
  };
  const depositsExplained =
    payouts.lines.reduce(
      (s, l) => s + l.netCents - (l.deposit && inPeriod(l.deposit.date, period) ? l.deposit.amountCents : 0),
      0,
    ) - payouts.unmatchedDeposits.reduce((s, d) => s + d.amountCents, 0);
  const explainedByKind = (kind: ReconciledKind) =>
    discrepancies.filter((d) => d.recordKind === kind).reduce((s, d) => s + d.differenceCents, 0);

  const figures: FigureLine[] = (Object.keys(sides) as FigureKey[]).map((key) => {
    const [exoservaCents, quickbooksCents] = sides[key];
    const differenceCents = exoservaCents - quickbooksCents;
    let unexplainedCents: number;
    if (key === 'payments') unexplainedCents = differenceCents - explainedByKind('payment');
    else if (key === 'refunds') unexplainedCents = differenceCents - explainedByKind('refund');
    else if (key === 'deposits') unexplainedCents = differenceCents - depositsExplained;
    else {
      // An invoice's QuickBooks lines aren't split by account here, so a record-level difference can't be
      // apportioned between revenue, discounts and tax: with records behind the figure, none is "unexplained".
      const touched =
        discrepancies.some((d) => d.figures.includes(key)) ||
        (key === 'receivables' && receivables.some((r) => !r.matches));
      unexplainedCents = touched ? 0 : differenceCents;
    }
    return {
      key,
      exoservaCents,
      quickbooksCents,
      differenceCents,
      matches: withinTolerance(exoservaCents, quickbooksCents, tolerance),
      unexplainedCents,
    };
  });

  const discrepancyCents = figures.reduce((s, f) => s + Math.abs(f.differenceCents), 0);
  return {
    month: input.month,
    period,
    toleranceCents: tolerance,
    matches:
      figures.every((f) => f.matches) &&
      receivables.every((r) => r.matches) &&
      payouts.lines.every((l) => l.matched) &&
      payouts.unmatchedDeposits.length === 0,
    discrepancyCents,
    discrepancyBasisPoints: basisPoints(discrepancyCents, exo.grossRevenue),
    figures,
    discrepancies,
    payouts,
    receivables,
    counts: {
      invoices: month.invoices.length,
      payments: month.payments.length,
      refunds: month.refunds.length,
      payouts: month.payouts.length,
    },
  };
}
