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
export {
  profitAndLossByAccount,
  agedReceivablesByCustomer,
  reportCents,
  type ReceivablesByCustomer,
} from './qbo-reports.ts';
export { exoservaFigures, recordsInMonth, invoiceAmounts } from './exoserva-figures.ts';
export { exoservaReceivables, compareReceivables } from './receivables.ts';
export { compareKind, unsyncedCause, amountCause, type ComparableRecord } from './record-comparison.ts';
export { matchPayouts } from './payout-matching.ts';
export { reconcileMonth, depositQueryRange, type ReconcileResult } from './reconcile-month.ts';
export {
  workKey,
  type QboTxn,
  type WorkState,
  type LinkInfo,
  type MappedAccounts,
  type ReconcileInput,
} from './reconcile-input.ts';
