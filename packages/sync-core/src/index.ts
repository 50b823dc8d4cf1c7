// The public API of @exoserva/sync-core: pure functions and types, no I/O (README.md).
export {
  centsToQbo,
  centsToDecimalString,
  formatDollars,
  qboToCents,
  quantityMilliToQbo,
  qboToQuantityMilli,
  lineProductCents,
  quantityFitsAmount,
  MAX_QBO_CENTS,
} from './money.ts';
export type * from './qbo-types.ts';
export { ok, fail, failure, type Result } from './result.ts';
export { checkAmount, conceptUnmapped, dependencyMissing } from './mapping-failures.ts';
export { buildSparseUpdate, voidBody, type SparseUpdate } from './sparse-update.ts';
export {
  mapCustomer,
  mapCustomerUpdate,
  mapAddress,
  sanitizeQboName,
  plainDisplayName,
  customerDisplayName,
} from './customer-mapper.ts';
export { mapInvoice, mapInvoiceUpdate, mapSalesLine, checkQboTotal, mapTax } from './invoice-mapper.ts';
export { mapPayment, paymentDepositAccount, type PaymentRelated } from './payment-mapper.ts';
export {
  paymentMethodFor,
  paymentReference,
  PAYMENT_REF_NUM_MAX,
  type QboPaymentMethodSpec,
} from './payment-methods.ts';
export { allocateRefund, largestRemainder, refundOrder, type RefundAllocation } from './refund-allocation.ts';
export { mapPayout } from './deposit-mapper.ts';
export { mapRefund, type RefundRelated } from './refund-mapper.ts';
export {
  requestIdFor,
  batchRequestIdFor,
  intentRequestId,
  payloadHash,
  canonicalJson,
  REQUEST_ID_MAX_LENGTH,
  BATCH_REQUEST_ID_MAX_LENGTH,
  type RequestIdInput,
  type SyncOperation,
} from './requestid.ts';
export {
  classifyQboOutcome,
  classifyQboError,
  parseRetryAfter,
  THROTTLE_DEFAULT_DELAY_MS,
  type QboOutcome,
  type ClassifyContext,
  type HeaderBag,
} from './fault-classifier.ts';
export {
  backoffDelayMs,
  nextRetry,
  seededRandom,
  DEFAULT_BACKOFF,
  type BackoffPolicy,
  type RetryDecision,
  type Random,
} from './backoff.ts';
export {
  dependenciesOf,
  workItemFor,
  planWork,
  chooseOperation,
  refKey,
  type RecordRef,
  type WorkItem,
  type SyncRecord,
  type PlanInput,
  type Plan,
  type SyncedState,
} from './planner.ts';
export {
  scoreCustomerMatch,
  matchCustomers,
  normalizeEmail,
  normalizePhone,
  normalizeName,
  normalizeAddress,
  MATCH_WEIGHTS,
  AUTO_LINK_SCORE,
  REVIEW_SCORE,
  type MatchableCustomer,
  type MatchSignal,
  type MatchBucket,
  type MatchScore,
  type CustomerMatch,
} from './customer-matching.ts';
export {
  withinTolerance,
  basisPoints,
  businessDaysBetween,
  withinDepositWindow,
  isBusinessDay,
  addCalendarDays,
  DEPOSIT_WINDOW_BUSINESS_DAYS,
  monthPeriod,
  previousMonth,
  lastMonthIn,
  dateInTimeZone,
  isKnownTimeZone,
  inPeriod,
  agedReceivablesByCustomer,
  reportCents,
  recordsInMonth,
  invoiceAmounts,
  invoiceEffects,
  paymentEffects,
  refundEffects,
  payoutEffects,
  LEDGER_FIGURES,
  generalLedgerPostings,
  exoservaReceivables,
  compareReceivables,
  openItems,
  actualEffects,
  unsyncedCause,
  amountCause,
  QBO_TYPE,
  txnKey,
  matchPayouts,
  reconcileMonth,
  depositQueryRange,
  workKey,
  conceptAccountsOf,
  type MonthPeriod,
  type ReceivablesByCustomer,
  type QboTxn,
  type WorkState,
  type LinkInfo,
  type ConceptAccounts,
  type ReconcileInput,
  type ReconcileResult,
  type Effects,
  type LedgerFigure,
  type LedgerPosting,
} from './reconcile/index.ts';
