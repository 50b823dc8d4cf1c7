import type { ErrorCode } from '@exoserva/contracts';
import { vi } from 'vitest';
import { FAKE_BFF_URL } from './bff-handlers.ts';

export { FAKE_BFF_URL };

type Reply = { status?: number; body?: unknown } | 'network_error';
type Handler = (request: {
  method: string;
  path: string;
  body: unknown;
  token: string | null;
}) => Reply | Promise<Reply>;

export interface FakeBff {
  /** Sets the answer for `METHOD /path` (query ignored). A function answers each call afresh. */
  on(route: string, reply: Reply | Handler): FakeBff;
  calls: Array<{ method: string; path: string; body: unknown; token: string | null }>;
}

export function errorReply(code: ErrorCode, status: number, message: string = code): Reply {
  return { status, body: { error: { code, message, requestId: `req-${code}` } } };
}

/** A tiny in-test BFF: a fetch keyed by method and path that answers contract fixtures. Replaces global fetch. */
export function installFakeBff(): FakeBff {
  const routes = new Map<string, Reply | Handler>();
  const calls: FakeBff['calls'] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input);
    const method = (init.method ?? 'GET').toUpperCase();
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const auth = new Headers(init.headers).get('authorization');
    const request = { method, path: url.pathname, body, token: auth?.replace(/^Bearer /, '') ?? null };
    calls.push(request);
    const route = routes.get(`${method} ${url.pathname}`);
    if (!route) return Response.json(errorReplyBody('not_found'), { status: 404 });
    const reply = typeof route === 'function' ? await route(request) : route;
    if (reply === 'network_error') throw new TypeError('Failed to fetch');
    return reply.body === undefined
      ? new Response(null, { status: reply.status ?? 204 })
      : Response.json(reply.body, { status: reply.status ?? 200 });
  });
  const fake: FakeBff = {
    calls,
    on(route, reply) {
      routes.set(route, reply);
      return fake;
    },
  };
  return fake;
}

function errorReplyBody(code: ErrorCode) {
  return { error: { code, message: code, requestId: 'req-fake' } };
}
