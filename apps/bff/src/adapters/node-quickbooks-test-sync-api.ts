import type { Config } from '../config.ts';
import type { QboEntity } from '../ports/qbo-sync-api.ts';
import type { QboTestSyncApi } from '../ports/qbo-test-sync-api.ts';
import { nodeQuickBooksCaller, nodeQuickBooksSyncApi } from './node-quickbooks-sync-api.ts';

/** The QboTestSyncApi port on node-quickbooks 2.0.50, through the same promise-and-timeout wrapper as the sync. */
export function nodeQuickBooksTestSyncApi(
  qbo: Config['qbo'],
  options: { timeoutMs?: number } = {},
): QboTestSyncApi {
  const call = nodeQuickBooksCaller(qbo, options);
  const sync = nodeQuickBooksSyncApi(qbo, options);
  return {
    read(ctx, entity, id) {
      return call<QboEntity>(ctx, (c, cb) => c[`get${entity}`]?.(id, cb));
    },
    async deleteTxn(ctx, entity, target, requestId) {
      // delete answers the raw body {Payment: {status: 'Deleted', Id}} (REFERENCE §3.1), not the entity.
      const r = await call<Record<string, { status?: string } | undefined>>(ctx, (c, cb) =>
        c[`delete${entity}`]?.({ Id: target.Id, SyncToken: target.SyncToken, requestId }, cb),
      );
      if (!r.ok) return r;
      const body = r.value[entity];
      return body ? { ok: true, value: body } : { ok: false, error: r.value };
    },
    voidInvoice: (ctx, target, requestId) => sync.voidInvoice(ctx, target, requestId),
    deactivateCustomer(ctx, target, displayName, requestId) {
      return call<QboEntity>(ctx, (c, cb) =>
        c.updateCustomer?.(
          {
            Id: target.Id,
            SyncToken: target.SyncToken,
            sparse: true,
            DisplayName: displayName,
            Active: false,
            requestId,
          },
          cb,
        ),
      );
    },
  };
}
