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
  /** Every record of a kind (backfill). */
  listRecords<K extends SyncRecordKind>(
    tenantId: string,
    kind: K,
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
}
