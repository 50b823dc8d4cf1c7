import type { QboCallContext, QboCallResult, QboEntity } from './qbo-sync-api.ts';

/** What the test sync reads back: the three test records, and the item and accounts they post to. */
export type QboTestSyncEntity = 'Customer' | 'Invoice' | 'Payment' | 'Account' | 'Item';

/**
 * The test sync's read-back and clean-up in QuickBooks Online (adapter: node-quickbooks). Deletes exist for
 * transactions only; a customer can only be made inactive (REFERENCE §2.4, §4 Customer).
 */
export interface QboTestSyncApi {
  read(ctx: QboCallContext, entity: QboTestSyncEntity, id: string): Promise<QboCallResult<QboEntity>>;
  deleteTxn(
    ctx: QboCallContext,
    entity: 'Payment' | 'Invoice',
    target: { Id: string; SyncToken: string },
    requestId: string,
  ): Promise<QboCallResult<{ status?: string }>>;
  voidInvoice(
    ctx: QboCallContext,
    target: { Id: string; SyncToken: string },
    requestId: string,
  ): Promise<QboCallResult<QboEntity>>;
  /**
   * Sparse update `Active: false` under a new `DisplayName` (QuickBooks then renames it "<name> (deleted)"; the
   * name must be one no other customer, active or not, already has).
   */
  deactivateCustomer(
    ctx: QboCallContext,
    target: { Id: string; SyncToken: string },
    displayName: string,
    requestId: string,
  ): Promise<QboCallResult<QboEntity>>;
}
