/**
 * One month, both books (GUIDE step 8): Exoserva's figures beside QuickBooks' own — revenue, discounts, sales tax
 * and fees read from the ledger of every account mapped for them during the month, payments and refunds from
 * the month's documents, deposits matched to Stripe payouts one by one, receivables from the A/R aging — the
 * records behind every difference, each once with every line it moves, and what nothing explains. Pure: the BFF
 * gathers the input (reconcile-input.ts) and stamps the result with the time and the company. Linear in the
 * number of records and postings (maps, no nested scans): 10,000 invoices stay inside the 3-second budget
 * (bench/reconcile.ts).
 */
import type { FigureKey, FigureLine, ReconciliationReport } from '@exoserva/contracts';
import { figureKeys, RECONCILE_TOLERANCE_CENTS } from '@exoserva/contracts';
import { addCalendarDays } from './business-days.ts';
import {
  add,
  invoiceEffects,
  LEDGER_FIGURES,
  payoutEffects,
  refundEffects,
  type Effects,
  type LedgerFigure,
} from './expected-effects.ts';
import { inPeriod, monthPeriod, type MonthPeriod } from './month.ts';
import { actualEffects, openItems, txnKey } from './open-items.ts';
import { matchPayouts } from './payout-matching.ts';
import { compareReceivables, exoservaReceivables } from './receivables.ts';
import type { ReconcileInput } from './reconcile-input.ts';
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

/** The records Exoserva dates in the month (void invoices included: they may still be linked). */
export function recordsInMonth<
  T extends {
    invoices: readonly { issueDate: string }[];
    payments: readonly { receivedOn: string }[];
    refunds: readonly { issuedOn: string }[];
    payouts: readonly { arrivalDate: string }[];
  },
>(all: T, period: MonthPeriod): T {
  return {
    ...all,
    invoices: all.invoices.filter((i) => inPeriod(i.issueDate, period)),
    payments: all.payments.filter((p) => inPeriod(p.receivedOn, period)),
    refunds: all.refunds.filter((r) => inPeriod(r.issuedOn, period)),
    payouts: all.payouts.filter((p) => inPeriod(p.arrivalDate, period)),
  };
}

/** Which figure each ledger account belongs to (an account mapped for two concepts counts for the first). */
function accountFigures(concepts: ReconcileInput['concepts']): Map<string, LedgerFigure> {
  const out = new Map<string, LedgerFigure>();
  for (const figure of LEDGER_FIGURES)
    for (const id of concepts[figure]) if (!out.has(id)) out.set(id, figure);
  return out;
}

export function reconcileMonth(input: ReconcileInput): ReconcileResult {
  const tolerance = input.toleranceCents ?? RECONCILE_TOLERANCE_CENTS;
  const period = monthPeriod(input.month);
  const { exoserva, quickbooks, links, work } = input;
  const recordUrl = input.recordUrl ?? (() => null);
  const month = recordsInMonth(exoserva, period);
  const accountFigure = accountFigures(input.concepts);
  const ledger = quickbooks.ledger.filter((p) => accountFigure.has(p.accountId) && inPeriod(p.date, period));

  // ---- payouts ↔ deposits, one to one ----------------------------------------------------------------
  const payouts = matchPayouts({
    payouts: month.payouts,
    deposits: quickbooks.deposits,
    bankAccountIds: input.concepts.bank,
    period,
    links: links.payout,
    paymentLinks: links.payment,
    work,
    recordUrl,
    ...(input.holidays ? { holidays: input.holidays } : {}),
  });
  const actual = actualEffects(ledger, accountFigure, quickbooks);

  // ---- the records behind the differences, each once --------------------------------------------------
  const claimed = new Set([...payouts.claimed].map((id) => txnKey('Deposit', id)));
  const discrepancies = openItems({
    invoices: month.invoices,
    payments: month.payments,
    refunds: month.refunds,
    all: exoserva,
    customerNames: new Map(exoserva.customers.map((c) => [c.id, c.displayName])),
    documents: quickbooks,
    ledger,
    actual,
    links,
    work,
    claimed,
    recordUrl,
  });
  // A deposit already listed for what it posts to a mapped account is not listed again among the deposits.
  const listed = new Set(
    discrepancies.map((d) => (d.quickbooks ? txnKey(d.quickbooks.type, d.quickbooks.id) : '')),
  );
  const unmatchedDeposits = payouts.unmatchedDeposits.filter((d) => !listed.has(txnKey('Deposit', d.id)));

  // ---- both sides of every line -------------------------------------------------------------------------
  const exo: Effects = {};
  const refundsByInvoice = new Map<string, typeof exoserva.refunds>();
  for (const r of exoserva.refunds)
    refundsByInvoice.set(r.invoiceId, [...(refundsByInvoice.get(r.invoiceId) ?? []), r]);
  const invoicesById = new Map(exoserva.invoices.map((i) => [i.id, i]));
  for (const i of month.invoices)
    for (const [k, v] of Object.entries(invoiceEffects(i))) add(exo, k as FigureKey, v);
  for (const p of month.payments) add(exo, 'payments', p.amountCents);
  for (const r of month.refunds) {
    const e = refundEffects(r, invoicesById.get(r.invoiceId), refundsByInvoice.get(r.invoiceId) ?? []);
    for (const [k, v] of Object.entries(e)) add(exo, k as FigureKey, v);
  }
  // What each payout should do, against the deposit that stands for it: the deposits and fees lines.
  const explained: Effects = {};
  const payoutById = new Map(month.payouts.map((p) => [p.id, p]));
  let matchedDeposits = 0;
  for (const line of payouts.lines) {
    const payout = payoutById.get(line.payoutId);
    if (!payout) continue;
    const expected = payoutEffects(payout);
    for (const [k, v] of Object.entries(expected)) add(exo, k as FigureKey, v);
    const got = line.deposit ? (actual.get(txnKey('Deposit', line.deposit.id)) ?? {}) : {};
    const depositCents = line.deposit?.amountCents ?? 0;
    matchedDeposits += depositCents;
    add(explained, 'deposits', (expected.deposits ?? 0) - depositCents);
    add(explained, 'fees', (expected.fees ?? 0) - (got.fees ?? 0));
  }
  for (const d of discrepancies) for (const e of d.effects) add(explained, e.figure, e.cents);

  const qbo: Effects = {};
  for (const e of actual.values()) for (const figure of LEDGER_FIGURES) add(qbo, figure, e[figure] ?? 0);
  add(
    qbo,
    'payments',
    quickbooks.payments.reduce((s, d) => s + d.totalCents, 0),
  );
  add(
    qbo,
    'refunds',
    quickbooks.refunds.reduce((s, d) => s + d.totalCents, 0),
  );
  add(qbo, 'deposits', matchedDeposits);

  // ---- receivables, customer by customer --------------------------------------------------------------
  const owed = exoservaReceivables(exoserva.invoices, exoserva.payments, period.end);
  const receivables = compareReceivables(
    owed,
    quickbooks.receivables,
    exoserva.customers,
    links.customer,
    tolerance,
  );
  add(
    exo,
    'receivables',
    [...owed.values()].reduce((s, v) => s + v, 0),
  );
  add(qbo, 'receivables', quickbooks.receivables.totalCents);

  const figures: FigureLine[] = figureKeys.map((key) => {
    const exoservaCents = exo[key] ?? 0;
    const quickbooksCents = qbo[key] ?? 0;
    const differenceCents = exoservaCents - quickbooksCents;
    const explainedCents = explained[key] ?? 0;
    return {
      key,
      exoservaCents,
      quickbooksCents,
      differenceCents,
      matches: withinTolerance(exoservaCents, quickbooksCents, tolerance),
      explainedCents,
      unexplainedCents: differenceCents - explainedCents,
    };
  });

  // ---- the headline: each problem once ------------------------------------------------------------------
  const openPayouts = payouts.lines.filter((l) => !l.matched);
  const openItemCount = discrepancies.length + openPayouts.length + unmatchedDeposits.length;
  const unexplainedCents = figures.reduce((s, f) => s + Math.abs(f.unexplainedCents), 0);
  const itemCents =
    discrepancies.reduce((s, d) => s + Math.abs(d.differenceCents), 0) +
    // A payout without its deposit is its whole net; a deposit of another amount, the difference; a deposit on a
    // day too far away is a timing question, not money.
    openPayouts.reduce((s, l) => s + Math.abs(l.netCents - (l.deposit?.amountCents ?? 0)), 0) +
    unmatchedDeposits.reduce((s, d) => s + Math.abs(d.amountCents), 0);
  const discrepancyCents = itemCents + unexplainedCents;
  const grossRevenue = (exo.service_revenue ?? 0) + (exo.product_revenue ?? 0);

  const pendingRecords = [
    ...month.invoices.map((r) => `invoice:${r.id}`),
    ...month.payments.map((r) => `payment:${r.id}`),
    ...month.refunds.map((r) => `refund:${r.id}`),
    ...month.payouts.map((r) => `payout:${r.id}`),
  ].filter((k) => work.get(k)?.state === 'pending').length;
  const activity =
    month.invoices.length +
    month.payments.length +
    month.refunds.length +
    month.payouts.length +
    ledger.length +
    quickbooks.invoices.length +
    quickbooks.payments.length +
    quickbooks.refunds.length +
    payouts.paymentsDeposits.length +
    unmatchedDeposits.length;
  const matched =
    openItemCount === 0 && figures.every((f) => f.matches) && receivables.every((r) => r.matches);
  // Receivables carried from earlier months are not activity: a month nothing happened in is empty.
  const status = activity === 0 ? 'empty' : matched ? 'matched' : 'differs';

  return {
    month: input.month,
    period,
    toleranceCents: tolerance,
    status,
    matches: status === 'matched',
    pendingRecords,
    openItems: openItemCount,
    unexplainedCents,
    discrepancyCents,
    discrepancyBasisPoints: basisPoints(discrepancyCents, grossRevenue),
    figures,
    discrepancies,
    payouts: { lines: payouts.lines, unmatchedDeposits, paymentsDeposits: payouts.paymentsDeposits },
    receivables,
    counts: {
      invoices: month.invoices.length,
      payments: month.payments.length,
      refunds: month.refunds.length,
      payouts: month.payouts.length,
    },
  };
}
