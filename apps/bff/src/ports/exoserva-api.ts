import type {
  ExoCustomer,
  ExoInvoice,
  ExoPayment,
  ExoPayout,
  ExoRefund,
  SyncRecordKind,
} from '@exoserva/contracts';

/** The records the sync engine reads, by kind. */
export interface ExoRecordByKind {
  customer: ExoCustomer;
  invoice: ExoInvoice;
  payment: ExoPayment;
  refund: ExoRefund;
  payout: ExoPayout;
}

export interface ExoTaxRate {
  id: string;
  name: string;
  rateMillionths: number;
}

/** Customer fields a QuickBooks-side edit may write back (two-way customer mode). */
export type ExoCustomerFields = Omit<ExoCustomer, 'id' | 'tenantId' | 'version' | 'updatedAt'>;

export type ExoApiFailure =
  | { kind: 'not_found'; message: string }
  /** Exoserva could not be reached or answered 5xx: try again later. */
  | { kind: 'unavailable'; message: string }
  /** It refused the request (auth, validation): a bug or a configuration problem. */
  | { kind: 'refused'; message: string; status: number };

export interface ListFilter {
  from?: string;
  to?: string;
  displayName?: string;
  invoiceId?: string;
}

export type ExoApiResult<T> = { ok: true; value: T } | { ok: false; error: ExoApiFailure };

/**
 * The Exoserva platform API, in the product's words. Adapters: HTTP (the stand-in or the real platform,
 * EXOSERVA_API_URL with a shared service key) and an in-memory fake in tests.
 */
export interface ExoservaApi {
  getRecord<K extends SyncRecordKind>(
    tenantId: string,
    kind: K,
    id: string,
  ): Promise<ExoApiResult<ExoRecordByKind[K]>>;
  /**
   * Every record of a kind, or those the filter names: dated in `from`–`to` (inclusive; invoices by issue date,
   * payments by received date, refunds by issue date, payouts by arrival date, customers by last change);
   * customers with a display name (ignoring case and repeated spaces: the engine settles QuickBooks name clashes
   * with them); payments and refunds of one invoice (a refund mirrors the sale after the earlier refunds).
   * A platform that ignores a filter returns more: callers filter again (`recordDate`, the name, the invoice).
   */
  listRecords<K extends SyncRecordKind>(
    tenantId: string,
    kind: K,
    filter?: ListFilter,
  ): Promise<ExoApiResult<ExoRecordByKind[K][]>>;
  listTaxRates(tenantId: string): Promise<ExoApiResult<ExoTaxRate[]>>;
  /** Two-way customers: a customer first created in QuickBooks. */
  createCustomer(tenantId: string, fields: ExoCustomerFields): Promise<ExoApiResult<ExoCustomer>>;
  /** Two-way customers: a QuickBooks-side edit. */
  updateCustomer(
    tenantId: string,
    id: string,
    fields: Partial<ExoCustomerFields>,
  ): Promise<ExoApiResult<ExoCustomer>>;
  /** The test sync (GUIDE step 5): an invoice for a customer. */
  createInvoice(tenantId: string, input: ExoNewInvoice): Promise<ExoApiResult<ExoInvoice>>;
  /** The test sync: marks an invoice paid (in full) by a manual payment. */
  recordPayment(
    tenantId: string,
    invoiceId: string,
    input: { method: 'cash' | 'check' },
  ): Promise<ExoApiResult<ExoPayment>>;
  /** The test sync's clean-up: deletes a record nothing else refers to (payment, then invoice, then customer). */
  deleteRecord(
    tenantId: string,
    kind: 'customer' | 'invoice' | 'payment',
    id: string,
  ): Promise<ExoApiResult<null>>;
}

/** What the test sync asks Exoserva to invoice (its own number, so a retried create can be found again). */
export interface ExoNewInvoice {
  customerId: string;
  number: string;
  lines: { kind: 'labor' | 'part'; description: string; quantityMilli: number; unitPriceCents: number }[];
}

/** The calendar day a record belongs to, as `listRecords` filters by it (YYYY-MM-DD). */
export function recordDate<K extends SyncRecordKind>(kind: K, record: ExoRecordByKind[K]): string {
  switch (kind) {
    case 'invoice':
      return (record as ExoInvoice).issueDate;
    case 'payment':
      return (record as ExoPayment).receivedOn;
    case 'refund':
      return (record as ExoRefund).issuedOn;
    case 'payout':
      return (record as ExoPayout).arrivalDate;
    default:
      return (record as ExoCustomer).updatedAt.slice(0, 10);
  }
}
