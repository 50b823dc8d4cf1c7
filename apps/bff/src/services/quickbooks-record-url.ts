import type { SyncRecordKind } from '@exoserva/contracts';
import type { Config } from '../config.ts';

/**
 * Where a synced record opens in the QuickBooks Online web app. The app picks the company from the signed-in
 * Intuit user's session, so the URL carries only the entity's id. The sandbox and production apps live on
 * different hosts; QBO_ENVIRONMENT says which (the same setting that picks the API base URL).
 */
const APP_BASE: Record<Config['qbo']['environment'], string> = {
  sandbox: 'https://app.sandbox.qbo.intuit.com/app',
  production: 'https://app.qbo.intuit.com/app',
};

/** The page of each entity the engine writes (a payout is a Deposit; a refund a RefundReceipt). */
const PAGE: Record<SyncRecordKind, (id: string) => string> = {
  customer: (id) => `customerdetail?nameId=${id}`,
  invoice: (id) => `invoice?txnId=${id}`,
  payment: (id) => `recvpayment?txnId=${id}`,
  refund: (id) => `refundreceipt?txnId=${id}`,
  payout: (id) => `deposit?txnId=${id}`,
};

export function quickBooksRecordUrl(
  environment: Config['qbo']['environment'],
  kind: SyncRecordKind,
  qboId: string,
): string {
  return `${APP_BASE[environment]}/${PAGE[kind](encodeURIComponent(qboId))}`;
}

/** QuickBooks' web-app page for each transaction type the reconciliation may name. */
const TXN_PAGE: Record<string, string> = {
  Invoice: 'invoice',
  Payment: 'recvpayment',
  RefundReceipt: 'refundreceipt',
  Deposit: 'deposit',
  SalesReceipt: 'salesreceipt',
  CreditMemo: 'creditmemo',
  JournalEntry: 'journal',
  Transfer: 'transfer',
  Expense: 'expense',
  Purchase: 'expense',
  Check: 'check',
  Bill: 'bill',
};

/** "Open in QuickBooks" for a transaction by QuickBooks type and id; null for a type the app has no page for. */
export function quickBooksTransactionUrl(
  environment: Config['qbo']['environment'],
  type: string,
  qboId: string,
): string | null {
  const page = TXN_PAGE[type];
  return page ? `${APP_BASE[environment]}/${page}?txnId=${encodeURIComponent(qboId)}` : null;
}
