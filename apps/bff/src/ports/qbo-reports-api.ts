import type { LedgerPosting, QboTxn, ReceivablesByCustomer } from '@exoserva/sync-core';
import type { Result } from '../http/errors.ts';
import type { QboFailure } from './qbo-api.ts';
import type { QboCompanyAccess } from './qbo-chart-api.ts';

/** The transaction kinds the monthly reconciliation reads back from QuickBooks. */
export type ReconciledEntity = 'Invoice' | 'Payment' | 'RefundReceipt' | 'Deposit';

export interface DateRange {
  start: string;
  end: string;
}

/**
 * What QuickBooks itself says the books hold (GUIDE step 8), in the product's words: its reports and its
 * queries, never the product's memory of what it sent. Amounts are cents (sync-core's money boundary).
 * The adapter is node-quickbooks.
 */
export interface QboReportsApi {
  /** CompanyInfo.DefaultTimeZone (an IANA name), or null when the company doesn't say. */
  companyTimeZone(access: QboCompanyAccess): Promise<Result<string | null, QboFailure>>;
  /**
   * GeneralLedger, accrual basis, for the range and these accounts: every posting with its transaction (type,
   * id, number, name) and its natural amount.
   */
  generalLedger(
    access: QboCompanyAccess,
    range: DateRange,
    accountIds: readonly string[],
  ): Promise<Result<LedgerPosting[], QboFailure>>;
  /** The company's Sales Tax Payable accounts (detail type SalesTaxPayable, active or not). */
  salesTaxAccounts(access: QboCompanyAccess): Promise<Result<string[], QboFailure>>;
  /** AgedReceivables on the given day: what each customer owed, and the report's grand total. */
  agedReceivables(
    access: QboCompanyAccess,
    reportDate: string,
  ): Promise<Result<ReceivablesByCustomer, QboFailure>>;
  /** Every document of the kind with a TxnDate in the range (all pages). */
  transactions(
    access: QboCompanyAccess,
    entity: ReconciledEntity,
    range: DateRange,
  ): Promise<Result<QboTxn[], QboFailure>>;
  /** One document, or null when QuickBooks has no such document. */
  read(
    access: QboCompanyAccess,
    entity: ReconciledEntity,
    id: string,
  ): Promise<Result<QboTxn | null, QboFailure>>;
}
