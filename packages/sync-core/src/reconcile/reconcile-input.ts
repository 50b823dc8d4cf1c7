/**
 * What a monthly reconciliation compares, in the product's words. The BFF fills it from the Exoserva API,
 * QuickBooks' own reports and queries, the id map and the sync queue — never from what it remembers sending.
 */
import type {
  AccountMapping,
  ExoCustomer,
  ExoInvoice,
  ExoPayment,
  ExoPayout,
  ExoRefund,
  ReconciledKind,
  SyncFailure,
} from '@exoserva/contracts';
import type { LedgerPosting } from './ledger.ts';
import type { ReceivablesByCustomer } from './qbo-reports.ts';

/** A QuickBooks transaction as a query returned it, amounts already in cents. */
export interface QboTxn {
  id: string;
  syncToken: string;
  date: string;
  totalCents: number;
  customerId: string | null;
  customerName: string | null;
  docNumber: string | null;
  /** TxnTaxDetail.TotalTax (0 when absent). */
  taxCents: number;
  /** DepositToAccountRef (payments, refunds, deposits). */
  accountId: string | null;
  /** Deposits: what each linked line deposits (Payment, SalesReceipt…); absent elsewhere. */
  linked?: { type: string; id: string }[];
  /** Deposits: how many lines are direct (an account, not a linked transaction). */
  directLines?: number;
}

/** A record's row in the sync queue. */
export interface WorkState {
  state: 'pending' | 'done' | 'failed' | 'blocked';
  /** Held since a deliberate disconnect: waits for an admin's release. */
  held: boolean;
  failure: Pick<SyncFailure, 'code' | 'title' | 'fix'> | null;
}

/** An id-map entry: the QuickBooks id and the Exoserva version last sent. */
export interface LinkInfo {
  qboId: string;
  recordVersion: number | null;
}

/**
 * The QuickBooks accounts of each concept the ledger is read for — every account mapped for it in any mapping
 * version in force during the month (a re-map mid-month leaves records on the old account, and they still
 * count) — and the bank accounts payouts land in.
 */
export interface ConceptAccounts {
  service_revenue: string[];
  product_revenue: string[];
  discounts: string[];
  /** The Sales Tax Payable account(s): the line is their movement. */
  sales_tax: string[];
  /** Merchant fees and the payout-adjustments account. */
  fees: string[];
  bank: string[];
}

/** The accounts of each concept in one mapping version (sales tax: the mapped account, if it is). */
export function conceptAccountsOf(
  mappings: readonly Pick<
    AccountMapping,
    | 'serviceRevenueAccountId'
    | 'productRevenueAccountId'
    | 'discountsAccountId'
    | 'salesTaxPayableAccountId'
    | 'merchantFeesAccountId'
    | 'payoutAdjustmentsAccountId'
    | 'bankDepositAccountId'
  >[],
  salesTaxAccounts: readonly string[] = [],
): ConceptAccounts {
  const uniq = (ids: (string | null | undefined)[]) => [...new Set(ids.filter((x): x is string => !!x))];
  return {
    service_revenue: uniq(mappings.map((m) => m.serviceRevenueAccountId)),
    product_revenue: uniq(mappings.map((m) => m.productRevenueAccountId)),
    discounts: uniq(mappings.map((m) => m.discountsAccountId)),
    sales_tax: uniq([...mappings.map((m) => m.salesTaxPayableAccountId), ...salesTaxAccounts]),
    fees: uniq(mappings.flatMap((m) => [m.merchantFeesAccountId, m.payoutAdjustmentsAccountId])),
    bank: uniq(mappings.map((m) => m.bankDepositAccountId)),
  };
}

export interface ReconcileInput {
  month: string;
  toleranceCents?: number;
  /** Bank holidays (`YYYY-MM-DD`) that don't count as business days. */
  holidays?: ReadonlySet<string>;
  concepts: ConceptAccounts;
  /** Every record Exoserva has (the month is picked here, by each record's own date). */
  exoserva: {
    customers: ExoCustomer[];
    invoices: ExoInvoice[];
    payments: ExoPayment[];
    refunds: ExoRefund[];
    payouts: ExoPayout[];
  };
  quickbooks: {
    /** The GeneralLedger of the month for the concept accounts: every posting, with its transaction. */
    ledger: LedgerPosting[];
    /** AgedReceivables on the month's last day. */
    receivables: ReceivablesByCustomer;
    /** Dated in the month. */
    invoices: QboTxn[];
    payments: QboTxn[];
    refunds: QboTxn[];
    /** Dated in the month widened by a week each side, so a deposit just across the month end still matches. */
    deposits: QboTxn[];
  };
  /** Exoserva id → link, per kind (customers for receivables and link suggestions). */
  links: Record<ReconciledKind | 'customer', Map<string, LinkInfo>>;
  /** `<kind>:<exoserva id>` → its sync queue row. */
  work: Map<string, WorkState>;
  /** "Open in QuickBooks" for a transaction, by QuickBooks type and id (null: no link). */
  recordUrl?: (type: string, id: string) => string | null;
}

export const workKey = (kind: string, id: string) => `${kind}:${id}`;
