/**
 * The QuickBooks Online v3 request bodies this core builds, PascalCase exactly as node-quickbooks sends
 * them (shared/qbo/REFERENCE.md §4). These shapes stay inside the BFF: the contracts package never sees them.
 * Amounts are JSON numbers produced by money.ts; ids and SyncTokens are strings.
 */
import type { AccountMapping, SyncRecordKind } from '@exoserva/contracts';

export interface QboRef {
  value: string;
}

export interface QboAddress {
  Line1?: string;
  Line2?: string;
  City?: string;
  CountrySubDivisionCode?: string;
  PostalCode?: string;
  Country?: string;
}

export interface QboCustomerBody {
  DisplayName: string;
  GivenName?: string;
  FamilyName?: string;
  CompanyName?: string;
  PrimaryEmailAddr?: { Address: string };
  PrimaryPhone?: { FreeFormNumber: string };
  BillAddr?: QboAddress;
  ShipAddr?: QboAddress;
}

export interface QboSalesItemLine {
  LineNum?: number;
  Description?: string;
  Amount: number;
  DetailType: 'SalesItemLineDetail';
  SalesItemLineDetail: {
    ItemRef: QboRef;
    Qty: number;
    UnitPrice: number;
    TaxCodeRef: QboRef;
  };
}

export interface QboDiscountLine {
  LineNum?: number;
  Description?: string;
  Amount: number;
  DetailType: 'DiscountLineDetail';
  DiscountLineDetail: { PercentBased: false; DiscountAccountRef: QboRef };
}

export interface QboTxnTaxDetail {
  TxnTaxCodeRef?: QboRef;
  TotalTax: number;
}

export interface QboInvoiceBody {
  DocNumber: string;
  TxnDate: string;
  DueDate?: string;
  CustomerRef: QboRef;
  Line: (QboSalesItemLine | QboDiscountLine)[];
  TxnTaxDetail: QboTxnTaxDetail;
  /** Always sent: QuickBooks defaults to false, Exoserva taxes the discounted amount. */
  ApplyTaxAfterDiscount: boolean;
  CustomerMemo?: QboRef;
  PrivateNote: string;
}

export interface QboLinkedTxn {
  TxnId: string;
  TxnType: 'Invoice' | 'Payment' | 'RefundReceipt';
  TxnLineId?: string;
}

export interface QboPaymentBody {
  TotalAmt: number;
  CustomerRef: QboRef;
  TxnDate: string;
  DepositToAccountRef: QboRef;
  Line: { Amount: number; LinkedTxn: QboLinkedTxn[] }[];
  PaymentMethodRef?: QboRef;
  PaymentRefNum?: string;
  PrivateNote: string;
}

export interface QboDepositLinkedLine {
  Amount: number;
  LinkedTxn: QboLinkedTxn[];
}

export interface QboDepositAccountLine {
  Amount: number;
  Description?: string;
  DetailType: 'DepositLineDetail';
  DepositLineDetail: { AccountRef: QboRef; PaymentMethodRef?: QboRef };
}

export interface QboDepositBody {
  DepositToAccountRef: QboRef;
  TxnDate: string;
  Line: (QboDepositLinkedLine | QboDepositAccountLine)[];
  PrivateNote: string;
}

export interface QboRefundReceiptBody {
  CustomerRef: QboRef;
  TxnDate: string;
  DepositToAccountRef: QboRef;
  Line: (QboSalesItemLine | QboDiscountLine)[];
  TxnTaxDetail: QboTxnTaxDetail;
  ApplyTaxAfterDiscount: boolean;
  PaymentMethodRef?: QboRef;
  PaymentRefNum?: string;
  PrivateNote: string;
}

/** Which node-quickbooks create/update method a body is for. */
export type QboEntityName = 'Customer' | 'Invoice' | 'Payment' | 'Deposit' | 'RefundReceipt';

/** Id + SyncToken of the QuickBooks entity an update or void is aimed at. */
export interface QboEntityVersion {
  Id: string;
  SyncToken: string;
}

/** Void bodies are just the entity's Id and current SyncToken (REFERENCE §2.3: voidInvoice/voidPayment). */
export type QboVoidBody = QboEntityVersion;

/** A sparse update: only changed top-level fields, plus Id/SyncToken (REFERENCE §3.3). */
export type QboSparseUpdateBody = QboEntityVersion & { sparse: boolean } & Record<string, unknown>;

/** What every mapper hands the worker. */
export interface MappedPayload<E extends QboEntityName, B> {
  entity: E;
  body: B;
  /** The TotalAmt QuickBooks must report back, in cents, for transactions. */
  totalCents?: number;
}

/** (kind, Exoserva id) → QuickBooks id, or undefined when that record has not synced yet. Passed in. */
export type IdLookup = (kind: SyncRecordKind, exoId: string) => string | undefined;

/** Everything a transaction mapper needs besides the record: the tenant's mapping and the id map. */
export interface MapContext {
  mapping: AccountMapping;
  lookupId: IdLookup;
}
