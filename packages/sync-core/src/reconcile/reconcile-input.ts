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

export type MappedAccounts = Pick<
  AccountMapping,
  'serviceRevenueAccountId' | 'productRevenueAccountId' | 'discountsAccountId' | 'bankDepositAccountId'
>;

export interface ReconcileInput {
  month: string;
  toleranceCents?: number;
  /** Bank holidays (`YYYY-MM-DD`) that don't count as business days. */
  holidays?: ReadonlySet<string>;
  mapping: MappedAccounts;
  /** Every record Exoserva has (the month is picked here, by each record's own date). */
  exoserva: {
    customers: ExoCustomer[];
    invoices: ExoInvoice[];
    payments: ExoPayment[];
    refunds: ExoRefund[];
    payouts: ExoPayout[];
  };
  quickbooks: {
    /** ProfitAndLoss (accrual) for the month, by account id, as the report signs it. */
    incomeByAccount: Map<string, number>;
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
}

export const workKey = (kind: string, id: string) => `${kind}:${id}`;
