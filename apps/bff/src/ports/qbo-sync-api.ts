import type { QboEntityName } from '@exoserva/sync-core';

/** An entity as QuickBooks returns it (PascalCase; stays inside the BFF). */
export type QboEntity = Record<string, unknown> & { Id: string; SyncToken: string };

export interface QboCallContext {
  realmId: string;
  accessToken: string;
}

/**
 * A QuickBooks answer, or the raw error node-quickbooks gave (AxiosError, Fault body, transport error):
 * sync-core's classifier reads it as it is, so nothing is lost in translation.
 */
export type QboCallResult<T> =
  /** intuitTid: Intuit's intuit_tid response header, which support tickets quote (the sync log keeps it). */
  { ok: true; value: T; intuitTid?: string } | { ok: false; error: unknown };

export interface QboBatchItem {
  bId: string;
  operation: 'create' | 'update';
  entity: QboEntityName;
  body: Record<string, unknown>;
}

/** One batch item's answer: the entity, or the Fault that item got (the batch itself was a 200). */
export type QboBatchItemResult = { bId: string; entity: QboEntity } | { bId: string; fault: unknown };

/** A customer change QuickBooks reported through CDC. */
export interface QboChangedEntity {
  entity: 'Customer';
  id: string;
  deleted: boolean;
  data: QboEntity | null;
}

/** The writes and reads the sync engine makes in QuickBooks Online (adapter: node-quickbooks). */
export interface QboSyncApi {
  create(
    ctx: QboCallContext,
    entity: QboEntityName,
    body: object,
    requestId: string,
  ): Promise<QboCallResult<QboEntity>>;
  /** Sparse (or full) update: body carries Id, SyncToken and `sparse`. */
  update(
    ctx: QboCallContext,
    entity: QboEntityName,
    body: object,
    requestId: string,
  ): Promise<QboCallResult<QboEntity>>;
  voidInvoice(
    ctx: QboCallContext,
    target: { Id: string; SyncToken: string },
    requestId: string,
  ): Promise<QboCallResult<QboEntity>>;
  read(ctx: QboCallContext, entity: QboEntityName, id: string): Promise<QboCallResult<QboEntity>>;
  /** `select * from <entity> where <field> IN (values)` (maxresults 1000). */
  findIn(
    ctx: QboCallContext,
    entity: QboEntityName,
    field: string,
    values: readonly string[],
  ): Promise<QboCallResult<QboEntity[]>>;
  /** Up to 30 items in one request (REFERENCE §3.7). */
  batch(ctx: QboCallContext, items: readonly QboBatchItem[]): Promise<QboCallResult<QboBatchItemResult[]>>;
  /** Active PaymentMethods with these names (`select * from PaymentMethod where Name IN (…)`). */
  findPaymentMethods(ctx: QboCallContext, names: readonly string[]): Promise<QboCallResult<QboEntity[]>>;
  createPaymentMethod(
    ctx: QboCallContext,
    method: { Name: string; Type: 'CREDIT_CARD' | 'NON_CREDIT_CARD' },
    requestId: string,
  ): Promise<QboCallResult<QboEntity>>;
  /** The company's Preferences (the books' closing date lives in AccountingInfoPrefs.BookCloseDate). */
  readPreferences(ctx: QboCallContext): Promise<QboCallResult<Record<string, unknown>>>;
  /** Customers changed since (CDC, at most 30 days back). */
  changedCustomers(ctx: QboCallContext, since: Date): Promise<QboCallResult<QboChangedEntity[]>>;
}
