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
