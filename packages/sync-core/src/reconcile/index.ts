// The monthly reconciliation's pure rules (README "Reconciliation"); re-exported by the package index.
export { withinTolerance, basisPoints } from './tolerance.ts';
export {
  businessDaysBetween,
  withinDepositWindow,
  isBusinessDay,
  addCalendarDays,
  DEPOSIT_WINDOW_BUSINESS_DAYS,
} from './business-days.ts';
export {
  monthPeriod,
  previousMonth,
  lastMonthIn,
  dateInTimeZone,
  isKnownTimeZone,
  inPeriod,
  type MonthPeriod,
} from './month.ts';
export { agedReceivablesByCustomer, reportCents, type ReceivablesByCustomer } from './qbo-reports.ts';
export {
  invoiceAmounts,
  invoiceEffects,
  paymentEffects,
  refundEffects,
  payoutEffects,
  LEDGER_FIGURES,
  type Effects,
  type LedgerFigure,
} from './expected-effects.ts';
export { generalLedgerPostings, type LedgerPosting } from './ledger.ts';
export { exoservaReceivables, compareReceivables } from './receivables.ts';
export { openItems, actualEffects, unsyncedCause, amountCause, QBO_TYPE, txnKey } from './open-items.ts';
export { matchPayouts } from './payout-matching.ts';
export {
  reconcileMonth,
  depositQueryRange,
  recordsInMonth,
  type ReconcileResult,
} from './reconcile-month.ts';
export {
  workKey,
  conceptAccountsOf,
  type QboTxn,
  type WorkState,
  type LinkInfo,
  type ConceptAccounts,
  type ReconcileInput,
} from './reconcile-input.ts';
