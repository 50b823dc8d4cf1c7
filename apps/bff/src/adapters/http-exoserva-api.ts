import {
  ExoCustomer,
  ExoInvoice,
  ExoPayment,
  ExoPayout,
  ExoRefund,
  type SyncRecordKind,
} from '@exoserva/contracts';
import pLimit from 'p-limit';
import { Agent, request } from 'undici';
import { z } from 'zod';
import type {
  ExoApiResult,
  ExoRecordByKind,
  ExoservaApi,
  ExoTaxRate,
  ListFilter,
} from '../ports/exoserva-api.ts';

const SCHEMAS = {
  customer: ExoCustomer,
  invoice: ExoInvoice,
  payment: ExoPayment,
  refund: ExoRefund,
  payout: ExoPayout,
} as const;

const PATHS: Record<SyncRecordKind, string> = {
  customer: 'customers',
  invoice: 'invoices',
  payment: 'payments',
  refund: 'refunds',
  payout: 'payouts',
};

const TaxRates = z.array(
  z.object({ id: z.string(), name: z.string(), rateMillionths: z.number().int().nonnegative() }),
);

/** The header the platform authenticates services with. */
export const EXOSERVA_API_KEY_HEADER = 'x-exoserva-api-key';

/**
 * The ExoservaApi port over HTTP: the stand-in in development and tests, the real platform when
 * EXOSERVA_API_URL points at it. Every answer crosses a zod schema before the engine sees it.
 */
export function httpExoservaApi(options: {
  baseUrl: string;
  apiKey?: string | undefined;
  timeoutMs?: number;
  /**
   * Requests in flight at once from this process (more wait their turn, their timeout not yet running).
   * Default 64: the sync engine reads a claim's records in parallel, and a few claim loops at once opened
   * hundreds of connections in a burst — more than the platform's accept queue took (the fairness benchmark
   * saw connections dropped and reads waiting 10 s for a retransmitted SYN).
   */
  maxConcurrent?: number;
}): ExoservaApi {
  const base = options.baseUrl.replace(/\/+$/, '');
  const slots = pLimit(options.maxConcurrent ?? 64);
  const timeoutMs = options.timeoutMs ?? 10_000;
  // undici's request() rather than fetch(): the same client Node's fetch is built on, without the web streams,
  // abort signals and request clones fetch adds per call — a fifth of the BFF's CPU in the fairness benchmark,
  // where every record synced is one read. The timeouts run from the moment a request is on its socket.
  const agent = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs, keepAliveTimeout: 10_000 });

  async function call<T>(
    path: string,
    schema: z.ZodType<T>,
    init: { method?: 'POST' | 'PATCH' | 'DELETE'; body?: string } = {},
  ): Promise<ExoApiResult<T>> {
    const answer = await slots(async () => {
      try {
        const res = await request(`${base}${path}`, {
          method: init.method ?? 'GET',
          ...(init.body === undefined ? {} : { body: init.body }),
          headers: {
            accept: 'application/json',
            ...(init.body ? { 'content-type': 'application/json' } : {}),
            ...(options.apiKey ? { [EXOSERVA_API_KEY_HEADER]: options.apiKey } : {}),
          },
          dispatcher: agent,
        });
        const text = await res.body.text().catch(() => '');
        return { sent: true as const, res: { status: res.statusCode }, text };
      } catch (err) {
        return { sent: false as const, error: err instanceof Error ? err.message : String(err) };
      }
    });
    if (!answer.sent) return { ok: false, error: { kind: 'unavailable', message: answer.error } };
    const { res, text } = answer;
    if (res.status === 404) return { ok: false, error: { kind: 'not_found', message: `${path} not found` } };
    if (res.status >= 500 || res.status === 429)
      return { ok: false, error: { kind: 'unavailable', message: `Exoserva answered ${res.status}` } };
    if (res.status < 200 || res.status > 299)
      return { ok: false, error: { kind: 'refused', status: res.status, message: text.slice(0, 500) } };
    let data: unknown = null;
    try {
      // 204 (a delete) has no body.
      if (res.status !== 204) data = JSON.parse(text);
    } catch {
      return {
        ok: false,
        error: { kind: 'refused', status: res.status, message: 'Exoserva answered non-JSON' },
      };
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success)
      return {
        ok: false,
        error: { kind: 'refused', status: res.status, message: `Unexpected shape from ${path}` },
      };
    return { ok: true, value: parsed.data };
  }

  const tenant = (tenantId: string) => `/api/tenants/${encodeURIComponent(tenantId)}`;

  return {
    getRecord<K extends SyncRecordKind>(tenantId: string, kind: K, id: string) {
      return call(
        `${tenant(tenantId)}/${PATHS[kind]}/${encodeURIComponent(id)}`,
        SCHEMAS[kind] as unknown as z.ZodType<ExoRecordByKind[K]>,
      );
    },
    listRecords<K extends SyncRecordKind>(tenantId: string, kind: K, filter: ListFilter = {}) {
      const params = new URLSearchParams(
        Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string'),
      ).toString();
      const query = params ? `?${params}` : '';
      return call(
        `${tenant(tenantId)}/${PATHS[kind]}${query}`,
        z.object({ items: z.array(SCHEMAS[kind] as unknown as z.ZodType<ExoRecordByKind[K]>) }),
      ).then((r) => (r.ok ? { ok: true as const, value: r.value.items } : r));
    },
    listTaxRates(tenantId): Promise<ExoApiResult<ExoTaxRate[]>> {
      return call(`${tenant(tenantId)}/tax-rates`, TaxRates);
    },
    createCustomer(tenantId, fields) {
      return call(`${tenant(tenantId)}/customers`, ExoCustomer, {
        method: 'POST',
        body: JSON.stringify(fields),
      });
    },
    updateCustomer(tenantId, id, fields) {
      return call(`${tenant(tenantId)}/customers/${encodeURIComponent(id)}`, ExoCustomer, {
        method: 'PATCH',
        body: JSON.stringify(fields),
      });
    },
    createInvoice(tenantId, input) {
      return call(`${tenant(tenantId)}/invoices`, ExoInvoice, {
        method: 'POST',
        body: JSON.stringify(input),
      });
    },
    recordPayment(tenantId, invoiceId, input) {
      return call(`${tenant(tenantId)}/invoices/${encodeURIComponent(invoiceId)}/payments`, ExoPayment, {
        method: 'POST',
        body: JSON.stringify(input),
      });
    },
    deleteRecord(tenantId, kind, id) {
      return call(`${tenant(tenantId)}/${PATHS[kind]}/${encodeURIComponent(id)}`, z.null(), {
        method: 'DELETE',
      });
    },
  };
}
