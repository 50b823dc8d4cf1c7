import { z } from 'zod';
import { IsoDate, IsoMonth } from './calendar.ts';
import { Cents } from './money.ts';
import { SyncFailure, SyncRecordKind } from './sync-failure.ts';

/**
 * Monthly reconciliation (GUIDE step 8): Exoserva's figures beside QuickBooks' own reports and queries, the
 * records behind every difference, and Stripe payouts matched to QuickBooks deposits. Admins only. Money is
 * integer cents; the wizard words every cause itself (codes here, sentences in its catalogs).
 */
export const reconciliationApi = {
  overview: { method: 'GET', path: '/api/v1/reconciliation' },
  run: { method: 'POST', path: '/api/v1/reconciliation/runs' },
  resync: { method: 'POST', path: '/api/v1/reconciliation/records/:kind/:id/resync' },
  link: { method: 'POST', path: '/api/v1/reconciliation/links' },
} as const;

/** Within this many cents two figures count as matching (GUIDE: "Should match within $1"). */
export const RECONCILE_TOLERANCE_CENTS = 100;

/** A calendar month, `YYYY-MM`. */
export const ReconcileMonth = IsoMonth;
export type ReconcileMonth = z.infer<typeof ReconcileMonth>;

/**
 * The lines compared. Revenue, discounts, sales tax and fees are read from QuickBooks' ledger — every account
 * mapped for the concept during the month, across mapping versions (sales tax: the Sales Tax Payable account's
 * movement); payments and refunds from the month's documents; deposits from the bank deposits matched to
 * Stripe payouts; receivables from the A/R aging on the month's last day.
 */
export const figureKeys = [
  'service_revenue',
  'product_revenue',
  'discounts',
  'sales_tax',
  'fees',
  'payments',
  'refunds',
  'deposits',
  'receivables',
] as const;
export const FigureKey = z.enum(figureKeys);
export type FigureKey = z.infer<typeof FigureKey>;

/** One row of the side-by-side table. */
export const FigureLine = z.object({
  key: FigureKey,
  exoservaCents: Cents,
  quickbooksCents: Cents,
  /** Exoserva − QuickBooks. */
  differenceCents: Cents,
  /** |difference| ≤ RECONCILE_TOLERANCE_CENTS (the guide: "should match within $1"). */
  matches: z.boolean(),
  /** What the open items account for on this line (Σ of their effects on it). */
  explainedCents: Cents,
  /** The part of the difference no record explains: difference − explained. */
  unexplainedCents: Cents,
});
export type FigureLine = z.infer<typeof FigureLine>;

/** A record on one side, in the product's words. */
export const ExoservaSide = z.object({
  id: z.string(),
  /** Invoice number, Stripe payout id… what a person recognises. */
  label: z.string(),
  date: IsoDate,
  amountCents: Cents,
  customerName: z.string().nullable(),
});
export type ExoservaSide = z.infer<typeof ExoservaSide>;

export const QuickBooksSide = z.object({
  id: z.string(),
  /** QuickBooks' transaction type as QuickBooks names it: Invoice, SalesReceipt, JournalEntry, Deposit… */
  type: z.string(),
  docNumber: z.string().nullable(),
  date: IsoDate,
  amountCents: Cents,
  customerName: z.string().nullable(),
  /** "Open in QuickBooks": the transaction in QuickBooks' web app. */
  url: z.string().url().nullable(),
});
export type QuickBooksSide = z.infer<typeof QuickBooksSide>;

export const discrepancyCauses = [
  /** A QuickBooks document no Exoserva record is linked to. */
  'entered_by_hand',
  /** The Exoserva record is in the sync queue: failed, waiting, held by another failure, held while disconnected. */
  'sync_failed',
  'sync_pending',
  'sync_blocked',
  'sync_held',
  /** Nothing ever announced the record to the integration (created before connecting, or an event was lost). */
  'never_queued',
  /** Linked, but the QuickBooks document's amount is not Exoserva's: edited in QuickBooks after it synced. */
  'changed_in_quickbooks',
  /** Linked; Exoserva changed since and the new version has not reached QuickBooks. */
  'not_resent',
  /** A refund whose QuickBooks RefundReceipt returns less (or more) than Exoserva refunded. */
  'partial_refund',
  /** A refund that didn't fully reverse the sale: revenue, discount or tax not given back in QuickBooks. */
  'not_reversed',
  /** Linked, the total right, but QuickBooks posts it to other accounts than the mapping says (a line moved). */
  'posted_differently',
  /** Linked, but the QuickBooks document is gone from the month (deleted, or re-dated). */
  'missing_in_quickbooks',
] as const;
export const DiscrepancyCause = z.enum(discrepancyCauses);
export type DiscrepancyCause = z.infer<typeof DiscrepancyCause>;

/** What one click can do about a discrepancy; `none` = the explanation says what a person must do. */
export const DiscrepancyFix = z.discriminatedUnion('action', [
  z.object({ action: z.literal('retry') }),
  z.object({ action: z.literal('resync') }),
  z.object({ action: z.literal('link'), quickbooksId: z.string() }),
  z.object({ action: z.literal('none') }),
]);
export type DiscrepancyFix = z.infer<typeof DiscrepancyFix>;

/** The kinds the reconciliation compares record by record (customers only through receivables). */
export const ReconciledKind = SyncRecordKind.exclude(['customer']);
export type ReconciledKind = z.infer<typeof ReconciledKind>;

/** How much a record moves one figure line: Exoserva − QuickBooks, in that line's terms. */
export const FigureEffect = z.object({ figure: FigureKey, cents: Cents });
export type FigureEffect = z.infer<typeof FigureEffect>;

/**
 * One open item: a record behind one or more differences, listed once with every line it affects. An Exoserva
 * record (recordKind set) or a QuickBooks transaction no Exoserva record stands for (recordKind null:
 * quickbooks.type names it — SalesReceipt, JournalEntry, CreditMemo, Deposit…).
 */
export const Discrepancy = z.object({
  /** Stable within a report: `<kind>:<exoserva id>` or `qbo:<QuickBooks type>:<quickbooks id>`. */
  key: z.string(),
  recordKind: ReconciledKind.nullable(),
  cause: DiscrepancyCause,
  /** The figure lines this record moves (those of `effects`). */
  figures: z.array(FigureKey),
  /** By how much, per line. */
  effects: z.array(FigureEffect),
  exoserva: ExoservaSide.nullable(),
  quickbooks: QuickBooksSide.nullable(),
  /** Exoserva − QuickBooks for this record. */
  differenceCents: Cents,
  /** The needs-a-person failure of a failed record (plain words from the sync engine). */
  failure: SyncFailure.pick({ code: true, title: true, fix: true }).nullable(),
  fix: DiscrepancyFix,
});
export type Discrepancy = z.infer<typeof Discrepancy>;

export const payoutCauses = [
  'not_synced',
  /** The deposit is the payout's gross: Stripe's fee line is missing (or the other way round). */
  'fee_line',
  'amount_differs',
  /** A deposit of the same amount exists, more than 2 business days from the payout's arrival. */
  'date_too_far',
  /** Linked deposit no longer in QuickBooks. */
  'deposit_missing',
] as const;
export const PayoutCause = z.enum(payoutCauses);
export type PayoutCause = z.infer<typeof PayoutCause>;

export const PayoutLine = z.object({
  payoutId: z.string(),
  stripePayoutId: z.string(),
  arrivalDate: IsoDate,
  netCents: Cents,
  feeCents: Cents,
  matched: z.boolean(),
  deposit: z.object({ id: z.string(), date: IsoDate, amountCents: Cents }).nullable(),
  /** Business days between the payout's arrival and the deposit's date (null without a deposit). */
  businessDaysApart: z.number().int().nonnegative().nullable(),
  cause: PayoutCause.nullable(),
  /** The sync engine's words for a failed payout. */
  failure: SyncFailure.pick({ code: true, title: true, fix: true }).nullable(),
  fix: DiscrepancyFix,
});
export type PayoutLine = z.infer<typeof PayoutLine>;

/** A deposit into the mapped bank account, entered in QuickBooks (no id-map link), that no payout explains. */
export const UnmatchedDeposit = z.object({
  id: z.string(),
  date: IsoDate,
  amountCents: Cents,
  docNumber: z.string().nullable(),
  url: z.string().url().nullable(),
});
export type UnmatchedDeposit = z.infer<typeof UnmatchedDeposit>;

/**
 * A deposit the bookkeeper made of payments Exoserva synced (checks, cash waiting in Undeposited Funds): what
 * it is for, nothing to fix.
 */
export const PaymentsDeposit = z.object({
  id: z.string(),
  date: IsoDate,
  amountCents: Cents,
  /** How many synced payments it deposits. */
  payments: z.number().int().nonnegative(),
  url: z.string().url().nullable(),
});
export type PaymentsDeposit = z.infer<typeof PaymentsDeposit>;

export const ReceivableLine = z.object({
  customerName: z.string(),
  exoservaCustomerId: z.string().nullable(),
  quickbooksCustomerId: z.string().nullable(),
  exoservaCents: Cents,
  quickbooksCents: Cents,
  differenceCents: Cents,
  matches: z.boolean(),
});
export type ReceivableLine = z.infer<typeof ReceivableLine>;

export const ReconciliationReport = z.object({
  month: ReconcileMonth,
  period: z.object({ start: IsoDate, end: IsoDate }),
  generatedAt: z.string().datetime(),
  companyName: z.string().nullable(),
  toleranceCents: Cents,
  /**
   * `empty`: nothing happened in the month on either side; `matched`: every line within tolerance, every payout
   * deposited, no open item; `differs` otherwise.
   */
  status: z.enum(['empty', 'matched', 'differs']),
  /** status === 'matched'. */
  matches: z.boolean(),
  /** Records of the month still on their way to QuickBooks: the page says so first (the figures will move). */
  pendingRecords: z.number().int().nonnegative(),
  /** Open items (each record once) plus unmatched payouts and deposits: the headline's count. */
  openItems: z.number().int().nonnegative(),
  /** Σ over the lines of |what no record explains|: the headline's amount. */
  unexplainedCents: Cents.nonnegative(),
  /**
   * What the trend follows: each open item's own amount once, plus what nothing explains. One failed invoice
   * counts once, however many lines it moves.
   */
  discrepancyCents: Cents.nonnegative(),
  /** discrepancyCents as basis points of Exoserva's gross revenue (1-2 % = 100-200); null without revenue. */
  discrepancyBasisPoints: z.number().int().nonnegative().nullable(),
  figures: z.array(FigureLine),
  discrepancies: z.array(Discrepancy),
  payouts: z.object({
    lines: z.array(PayoutLine),
    unmatchedDeposits: z.array(UnmatchedDeposit),
    paymentsDeposits: z.array(PaymentsDeposit),
  }),
  receivables: z.array(ReceivableLine),
  counts: z.object({
    invoices: z.number().int().nonnegative(),
    payments: z.number().int().nonnegative(),
    refunds: z.number().int().nonnegative(),
    payouts: z.number().int().nonnegative(),
  }),
  /** How long QuickBooks took to answer and how long the product took, for the curious. */
  timings: z.object({ quickbooksMs: z.number().nonnegative(), productMs: z.number().nonnegative() }),
});
export type ReconciliationReport = z.infer<typeof ReconciliationReport>;

export const ReconcileRequest = z.object({ month: ReconcileMonth }).strict();
export type ReconcileRequest = z.infer<typeof ReconcileRequest>;

/** One stored month of the trend: what the latest run of that month found. */
export const TrendPoint = z.object({
  month: ReconcileMonth,
  discrepancyCents: Cents.nonnegative(),
  discrepancyBasisPoints: z.number().int().nonnegative().nullable(),
  matches: z.boolean(),
  /** Nothing happened that month: no point on the trend's line, shown as such. */
  empty: z.boolean(),
  runAt: z.string().datetime(),
});
export type TrendPoint = z.infer<typeof TrendPoint>;

export const ReconciliationOverview = z.object({
  /** Last month in the company's time zone. */
  defaultMonth: ReconcileMonth,
  timeZone: z.string(),
  /** Oldest month first. */
  trend: z.array(TrendPoint),
});
export type ReconciliationOverview = z.infer<typeof ReconciliationOverview>;

/** Exoserva and QuickBooks ids the BFF accepts for a link: letters, digits and `_ - . :` only. */
const RecordId = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'expected a record id');

export const ResyncParams = z.object({ kind: ReconciledKind, id: RecordId });
export type ResyncParams = z.infer<typeof ResyncParams>;

/** Link a document entered by hand in QuickBooks to the Exoserva record it stands for (then sync over it). */
export const LinkRecordRequest = z
  .object({ kind: ReconciledKind, exoservaId: RecordId, quickbooksId: z.string().regex(/^\d{1,20}$/) })
  .strict();
export type LinkRecordRequest = z.infer<typeof LinkRecordRequest>;

/** A fix was accepted: the record is queued to go now. */
export const ReconcileFixResponse = z.object({ queued: z.number().int().nonnegative() });
export type ReconcileFixResponse = z.infer<typeof ReconcileFixResponse>;
