import QuickBooks from 'node-quickbooks';
import type { QboEntityName } from '@exoserva/sync-core';
import type { Config } from '../config.ts';
import type {
  QboBatchItemResult,
  QboCallContext,
  QboCallResult,
  QboChangedEntity,
  QboEntity,
  QboSyncApi,
} from '../ports/qbo-sync-api.ts';

type Callback = (err: unknown, data: unknown, response?: { headers?: Record<string, unknown> }) => void;
type Client = Record<string, (...args: unknown[]) => void>;

/** A transport-shaped timeout, so sync-core classifies it as "may have landed" (ambiguous). */
export class QboTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`QuickBooks did not answer within ${ms} ms`);
    this.name = 'QboTimeoutError';
  }
}

/**
 * One node-quickbooks call as a promise, with a timeout (node-quickbooks has neither). Shared by the sync engine's
 * adapter and the test sync's read-back and clean-up adapter.
 */
export function nodeQuickBooksCaller(qbo: Config['qbo'], options: { timeoutMs?: number } = {}) {
  const timeoutMs = options.timeoutMs ?? 30_000;

  function connect(ctx: QboCallContext): Client {
    // The constructor copies the base URL, so set it first; setOauthVersion('2.0') is never called (it
    // downloads Intuit's discovery document). useSandbox=true leaves our configured base URL untouched.
    QuickBooks.V3_ENDPOINT_BASE_URL = qbo.apiBaseUrl;
    return new QuickBooks(
      qbo.clientId,
      qbo.clientSecret,
      ctx.accessToken,
      false,
      ctx.realmId,
      true,
      false,
      null,
      '2.0',
      null,
    ) as unknown as Client;
  }

  function call<T>(
    ctx: QboCallContext,
    run: (client: Client, cb: Callback) => void,
  ): Promise<QboCallResult<T>> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (r: QboCallResult<T>) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(r);
      };
      const timer = setTimeout(() => finish({ ok: false, error: new QboTimeoutError(timeoutMs) }), timeoutMs);
      try {
        // A 200 carrying a Fault reaches the callback as err = the body (node-quickbooks quirk); the
        // classifier understands both that and AxiosErrors (Fault at err.response.data).
        run(connect(ctx), (err, data, response) => {
          // node-quickbooks hands the axios response over as a third argument; intuit_tid lives there.
          const tid = response?.headers?.intuit_tid;
          finish(
            err
              ? { ok: false, error: err }
              : { ok: true, value: data as T, ...(typeof tid === 'string' ? { intuitTid: tid } : {}) },
          );
        });
      } catch (err) {
        finish({ ok: false, error: err });
      }
    });
  }

  return call;
}

/**
 * The QboSyncApi port on node-quickbooks 2.0.50 (REFERENCE §2). node-quickbooks has no timeout and no
 * promises: each call is wrapped once, and a call that outlives `timeoutMs` is reported as a timeout (the
 * rate limiter keeps that call's in-flight slot until its lease runs out, since the request may still run).
 */
export function nodeQuickBooksSyncApi(qbo: Config['qbo'], options: { timeoutMs?: number } = {}): QboSyncApi {
  const call = nodeQuickBooksCaller(qbo, options);
  const method = (verb: 'create' | 'update' | 'get' | 'find', entity: QboEntityName) =>
    verb === 'find' ? `find${entity === 'Deposit' ? 'Deposits' : `${entity}s`}` : `${verb}${entity}`;

  return {
    create(ctx, entity, body, requestId) {
      // node-quickbooks turns entity.requestId into ?requestid= and deletes it from the body it mutates.
      return call<QboEntity>(ctx, (c, cb) => c[method('create', entity)]?.({ ...body, requestId }, cb));
    },
    update(ctx, entity, body, requestId) {
      return call<QboEntity>(ctx, (c, cb) => c[method('update', entity)]?.({ ...body, requestId }, cb));
    },
    async voidInvoice(ctx, target, requestId) {
      // voidInvoice answers the raw body {Invoice, time}, not the unwrapped entity (REFERENCE §2.5).
      const r = await call<{ Invoice?: QboEntity }>(ctx, (c, cb) =>
        c.voidInvoice?.({ Id: target.Id, SyncToken: target.SyncToken, requestId }, cb),
      );
      if (!r.ok) return r;
      return r.value.Invoice ? { ok: true, value: r.value.Invoice } : { ok: false, error: r.value };
    },
    read(ctx, entity, id) {
      return call<QboEntity>(ctx, (c, cb) => c[method('get', entity)]?.(id, cb));
    },
    async findIn(ctx, entity, field, values) {
      if (values.length === 0) return { ok: true, value: [] };
      const r = await call<{ QueryResponse?: Record<string, unknown> }>(ctx, (c, cb) =>
        c[method('find', entity)]?.(
          [
            { field, value: [...values], operator: 'IN' },
            { field: 'limit', value: 1000 },
          ],
          cb,
        ),
      );
      if (!r.ok) return r;
      // An empty result is {"QueryResponse":{}} (REFERENCE §3.1).
      const rows = r.value.QueryResponse?.[entity];
      return { ok: true, value: Array.isArray(rows) ? (rows as QboEntity[]) : [] };
    },
    async batch(ctx, items) {
      // node-quickbooks' batch() cannot carry a requestid (it builds the body itself): an ambiguous batch is
      // therefore followed by a lookup of each item before anything is created again.
      const r = await call<{ BatchItemResponse?: Record<string, unknown>[] }>(ctx, (c, cb) =>
        c.batch?.(
          items.map((i) => ({ bId: i.bId, operation: i.operation, [i.entity]: i.body })),
          cb,
        ),
      );
      if (!r.ok) return r;
      const byId = new Map(items.map((i) => [i.bId, i]));
      const out: QboBatchItemResult[] = [];
      for (const response of r.value.BatchItemResponse ?? []) {
        const bId = String(response.bId);
        const item = byId.get(bId);
        if (!item) continue;
        if (response.Fault) out.push({ bId, fault: { Fault: response.Fault } });
        else if (response[item.entity]) out.push({ bId, entity: response[item.entity] as QboEntity });
        else out.push({ bId, fault: response });
      }
      return { ok: true, value: out };
    },
    async findPaymentMethods(ctx, names) {
      if (names.length === 0) return { ok: true, value: [] };
      const r = await call<{ QueryResponse?: Record<string, unknown> }>(ctx, (c, cb) =>
        c.findPaymentMethods?.([{ field: 'Name', value: [...names], operator: 'IN' }], cb),
      );
      if (!r.ok) return r;
      const rows = r.value.QueryResponse?.PaymentMethod;
      return { ok: true, value: Array.isArray(rows) ? (rows as QboEntity[]) : [] };
    },
    createPaymentMethod(ctx, method, requestId) {
      return call<QboEntity>(ctx, (c, cb) => c.createPaymentMethod?.({ ...method, requestId }, cb));
    },
    readPreferences(ctx) {
      return call<Record<string, unknown>>(ctx, (c, cb) => c.getPreferences?.(cb));
    },
    async changedCustomers(ctx, since) {
      // A Date is formatted with a raw '+' offset that decoders turn into a space; send UTC ('Z') instead.
      const r = await call<{ CDCResponse?: { QueryResponse?: Record<string, unknown>[] }[] }>(ctx, (c, cb) =>
        c.changeDataCapture?.(['Customer'], since.toISOString(), cb),
      );
      if (!r.ok) return r;
      const out: QboChangedEntity[] = [];
      for (const block of r.value.CDCResponse ?? []) {
        for (const qr of block.QueryResponse ?? []) {
          const rows = qr.Customer;
          if (!Array.isArray(rows)) continue;
          for (const row of rows as QboEntity[]) {
            const deleted = (row as { status?: string }).status === 'Deleted';
            out.push({ entity: 'Customer', id: String(row.Id), deleted, data: deleted ? null : row });
          }
        }
      }
      return { ok: true, value: out };
    },
  };
}
