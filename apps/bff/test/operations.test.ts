import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorEnvelope, ReadyResponse } from '@exoserva/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { API_ROUTES } from '../src/openapi/api-registry.ts';
import { HOST_ORIGIN, signSession, testEnv } from './support/env.ts';
import { createTestBff, type TestBff } from './support/harness.ts';
import { beginFlow, callback } from './support/oauth-flow.ts';

const here = dirname(fileURLToPath(import.meta.url));
const REALM = '9130350000001';
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

let t: TestBff;
let owner: string;
beforeAll(async () => {
  t = await createTestBff({ BFF_RATE_LIMIT_PER_MINUTE: '5', BFF_METRICS_TOKEN: METRICS_TOKEN });
  owner = await signSession({}, { nowSec: Math.floor(t.clock.now() / 1000) });
});
afterAll(async () => {
  await t?.close();
});

describe('security headers', () => {
  it('puts a deny-all CSP, nosniff, no-referrer, CORP and no-store on JSON answers, errors included', async () => {
    for (const path of ['/healthz', '/api/v1/me', '/api/v1/nope']) {
      const res = await t.request(path);
      expect(res.headers.get('content-security-policy')).toBe(
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      );
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      // http://bff.test is not https: no HSTS (it would pin a name that has no certificate).
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    expect((await t.request('/api/v1/me')).headers.get('cache-control')).toBe('no-store');
  });

  it('keeps the nonce’d policy of the docs page and sends HSTS and a Secure cookie behind https', async () => {
    const docs = await t.request('/docs');
    expect(docs.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; style-src 'nonce-[^']+'; frame-ancestors 'none'/,
    );
    const https = await createTestBff({ BFF_PUBLIC_URL: 'https://qbo-bff.example.com' });
    try {
      const res = await https.request('/healthz');
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      const authorize = await https.request('/api/v1/connection/authorize', {
        method: 'POST',
        token: await signSession({}, { nowSec: Math.floor(https.clock.now() / 1000) }),
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ returnTo: `${HOST_ORIGIN}/x`, mode: 'popup' }),
      });
      // The binding cookie comes with the authorize answer (ADR 0013).
      const set = authorize.headers.get('set-cookie') ?? '';
      expect(set).toMatch(/HttpOnly/i);
      expect(set).toMatch(/Secure/i);
      expect(set).toMatch(/SameSite=Lax/i);
      expect(set).toMatch(/Path=\/api\/v1\/oauth/i);
    } finally {
      await https.close();
    }
  });

  it('keeps the popup page’s nonce’d script policy, which also forbids framing', async () => {
    const flow = await beginFlow(t.request, owner, { mode: 'popup' });
    const { res } = await callback(
      t.request,
      { code: t.intuit.grantCode(REALM), state: flow.state, realmId: REALM },
      flow.cookie,
    );
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    // No COOP: the popup must keep window.opener to post the outcome.
    expect(res.headers.get('cross-origin-opener-policy')).toBeNull();
  });

  it('allows CORS for configured origins only', async () => {
    const ok = await t.request('/api/v1/me', {
      method: 'OPTIONS',
      headers: { origin: HOST_ORIGIN, 'access-control-request-method': 'GET' },
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe(HOST_ORIGIN);
    const evil = await t.request('/api/v1/me', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.test', 'access-control-request-method': 'GET' },
    });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the OAuth redirect URI allow-list', () => {
  it('accepts a redirect URI on the public origin or an explicitly listed one, and refuses any other', () => {
    expect(
      loadConfig(testEnv({ QBO_REDIRECT_URI: 'http://bff.test:8787/api/v1/oauth/callback' })).qbo.redirectUri,
    ).toBe('http://bff.test:8787/api/v1/oauth/callback');
    expect(() =>
      loadConfig(testEnv({ QBO_REDIRECT_URI: 'https://evil.test/api/v1/oauth/callback' })),
    ).toThrow(ConfigError);
    expect(
      loadConfig(
        testEnv({
          QBO_REDIRECT_URI: 'https://edge.example.com/cb',
          QBO_REDIRECT_ORIGINS: 'https://edge.example.com',
        }),
      ).qbo.redirectUri,
    ).toBe('https://edge.example.com/cb');
  });
});

describe('per-session rate limit', () => {
  it('answers 429 rate_limited with Retry-After once a session spends its bucket, per session, and refills', async () => {
    const alice = await signSession(
      { sub: 'usr_rl_alice', role: 'technician' },
      { nowSec: Math.floor(t.clock.now() / 1000) },
    );
    const bob = await signSession(
      { sub: 'usr_rl_bob', role: 'technician' },
      { nowSec: Math.floor(t.clock.now() / 1000) },
    );
    for (let i = 0; i < 5; i++) expect((await t.request('/api/v1/me', { token: alice })).status).toBe(200);
    const limited = await t.request('/api/v1/me', { token: alice });
    expect(limited.status).toBe(429);
    expect(ErrorEnvelope.parse(await limited.json()).error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await t.request('/api/v1/me', { token: bob })).status).toBe(200);
    // Health and signed receivers are not session-limited.
    expect((await t.request('/healthz')).status).toBe(200);
    t.clock.advance(12_001); // 5 per minute = one token per 12 s
    expect((await t.request('/api/v1/me', { token: alice })).status).toBe(200);
    expect((await t.request('/api/v1/me', { token: alice })).status).toBe(429);
  });
});

describe('the operator’s view', () => {
  it('serves an OpenAPI 3.1 document with every registered route and its contract schemas', async () => {
    const res = await t.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { type?: string; properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const r of API_ROUTES) {
      const op = doc.paths[r.path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      if (r.body) expect(op?.requestBody).toBeDefined();
    }
    expect(doc.components.schemas.AuthorizeRequest?.properties).toHaveProperty('returnTo');
    expect(doc.components.schemas.ErrorEnvelope?.properties).toHaveProperty('error');
    expect(doc.paths['/api/v1/connection/authorize']?.post?.responses['401']).toBeDefined();
  });

  it('renders the document as a self-contained page with no script and nothing loaded from elsewhere', async () => {
    const res = await t.request('/docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const r of API_ROUTES) expect(html).toContain(r.path.replace(/:([A-Za-z]+)/g, '{$1}'));
    expect(html).not.toMatch(/<script|<link|src=/i);
  });

  it('exposes Prometheus metrics behind the metrics token: requests, queue, QuickBooks calls, refreshes', async () => {
    expect((await t.request('/metrics')).status).toBe(401);
    expect((await t.request('/metrics', { token: 'wrong-token-0123456789' })).status).toBe(401);
    await t.request('/api/v1/nope');
    await t.bff.database.query(
      `INSERT INTO sync_work (tenant_id, kind, record_id, kind_rank, state, not_before, created_at, updated_at)
       VALUES ('ten_metrics', 'invoice', 'inv_m1', 2, 'pending', now(), now(), now())`,
    );
    // A refresh: the access token (1 h) has expired.
    t.clock.advance(2 * 3600_000);
    expect((await t.bff.services.tokens.getAccessToken('ten_summit')).ok).toBe(true);
    const res = await t.request('/metrics', { token: METRICS_TOKEN });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    expect(text).toMatch(/^bff_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+$/m);
    expect(text).toMatch(/^bff_http_requests_total\{method="GET",route="unmatched",status="404"\} \d+$/m);
    expect(text).toMatch(/^bff_http_requests_total\{method="GET",route="\/api\/v1\/me",status="429"\} \d+$/m);
    expect(text).toMatch(/^bff_sync_queue_items\{state="pending"\} [1-9]\d*$/m);
    expect(text).toMatch(/^bff_qbo_calls_total\{api="company",operation="[a-zA-Z]+",outcome="ok"\} \d+$/m);
    expect(text).toMatch(/^bff_token_refreshes_total\{outcome="ok"\} [1-9]\d*$/m);
    expect(text).toMatch(/^bff_rate_limited_total [1-9]\d*$/m);
    expect(text).toContain('# TYPE bff_sync_latency_seconds histogram');
    expect(text).toContain('# TYPE bff_qbo_throttled_total counter');
    // The process's memory, split so an operator can tell the V8 heap from native memory.
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
    expect(gauge('process_resident_memory_bytes')).toBeGreaterThan(gauge('nodejs_heap_size_used_bytes'));
    expect(gauge('nodejs_heap_size_total_bytes')).toBeGreaterThanOrEqual(
      gauge('nodejs_heap_size_used_bytes'),
    );
    expect(gauge('nodejs_external_memory_bytes')).toBeGreaterThan(0);
    await t.bff.database.query("DELETE FROM sync_work WHERE tenant_id = 'ten_metrics'");
  });
});

describe('readiness', () => {
  it('fails when the oldest claimable queue item is overdue, and when the queue cannot be read', async () => {
    const ready = async () => {
      const res = await t.request('/readyz');
      return { status: res.status, body: ReadyResponse.parse(await res.json()) };
    };
    expect((await ready()).status).toBe(200);
    await t.request('/api/v1/sync/settings', {
      method: 'PUT',
      token: await signSession({}, { nowSec: Math.floor(t.clock.now() / 1000) }),
      headers: { 'content-type': 'application/json' },
      body: '{"autoSync":true,"override":true}',
    });
    const overdue = new Date(t.clock.now() - 20 * 60_000);
    await t.bff.database.query(
      `INSERT INTO sync_work (tenant_id, kind, record_id, kind_rank, state, not_before, created_at, updated_at)
       VALUES ('ten_summit', 'invoice', 'inv_stuck', 2, 'pending', $1, $1, $1)`,
      [overdue],
    );
    const late = await ready();
    expect(late.status).toBe(503);
    expect(late.body.checks.queue).toMatchObject({ ok: false });
    expect(late.body.checks.queue?.detail).toMatch(/overdue by 1200 s/);
    await t.bff.database.query("DELETE FROM sync_work WHERE record_id = 'inv_stuck'");
    expect((await ready()).status).toBe(200);

    await t.bff.database.query('ALTER TABLE sync_work RENAME TO sync_work_away');
    try {
      const broken = await ready();
      expect(broken.status).toBe(503);
      expect(broken.body.checks.queue).toEqual({ ok: false, detail: 'sync queue unreadable' });
    } finally {
      await t.bff.database.query('ALTER TABLE sync_work_away RENAME TO sync_work');
    }
  });
});

describe('the deployment docs', () => {
  it('name every environment variable config.ts reads', () => {
    const source = readFileSync(resolve(here, '../src/config.ts'), 'utf8');
    const schema = source.slice(
      source.indexOf('const EnvSchema'),
      source.indexOf('});', source.indexOf('const EnvSchema')),
    );
    const vars = [...schema.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1] as string);
    expect(vars.length).toBeGreaterThan(25);
    const docs = readFileSync(resolve(here, '../README.md'), 'utf8');
    expect(vars.filter((v) => !docs.includes(`\`${v}\``))).toEqual([]);
    const root = readFileSync(resolve(here, '../../../README.md'), 'utf8');
    expect(root).toMatch(/^## Deployment/m);
    expect(root).toContain('apps/bff/README.md');
  });
});
