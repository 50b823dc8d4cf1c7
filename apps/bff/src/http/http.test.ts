import { ErrorEnvelope, MeResponse, ReadyResponse } from '@exoserva/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_ORIGIN, signSession } from '../../test/support/env.ts';
import { createTestBff, type TestBff } from '../../test/support/harness.ts';

let t: TestBff;
beforeAll(async () => {
  t = await createTestBff();
});
afterAll(async () => {
  await t?.close();
});

async function expectEnvelope(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = ErrorEnvelope.parse(await res.json());
  expect(body.error.code).toBe(code);
  expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  return body;
}

const authorizeBody = JSON.stringify({
  returnTo: `${HOST_ORIGIN}/settings/integrations/quickbooks`,
  mode: 'redirect',
});
const countStates = async () =>
  Number(
    (await t.bff.database.query<{ n: number }>('SELECT count(*)::integer AS n FROM oauth_states')).rows[0]?.n,
  );

describe('health', () => {
  it('answers liveness without a database round trip', async () => {
    const res = await t.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('is ready when the database answers and every migration is applied', async () => {
    const res = await t.request('/readyz');
    expect(res.status).toBe(200);
    const body = ReadyResponse.parse(await res.json());
    expect(body.status).toBe('ready');
    expect(body.checks.database?.ok).toBe(true);
    expect(body.checks.migrations?.ok).toBe(true);
  });

  it('is not ready (503) when migrations are missing', async () => {
    await t.bff.database.query('DELETE FROM schema_migrations WHERE version = 1');
    try {
      const res = await t.request('/readyz');
      expect(res.status).toBe(503);
      expect(ReadyResponse.parse(await res.json()).checks.migrations?.ok).toBe(false);
    } finally {
      await t.bff.database.query("INSERT INTO schema_migrations (version, name) VALUES (1, 'initial')");
    }
  });
});

describe('GET /api/v1/me', () => {
  it('tells an owner who they are and that they can manage the integration', async () => {
    const res = await t.request('/api/v1/me', { token: await signSession() });
    expect(res.status).toBe(200);
    expect(MeResponse.parse(await res.json())).toEqual({
      userId: 'usr_olivia',
      tenantId: 'ten_summit',
      role: 'owner',
      name: 'Olivia Owner',
      tenantName: 'Summit HVAC',
      canManage: true,
    });
  });

  it('tells a technician they cannot manage it', async () => {
    const res = await t.request('/api/v1/me', {
      token: await signSession({ role: 'technician', sub: 'usr_theo' }),
    });
    expect(await res.json()).toMatchObject({ role: 'technician', canManage: false });
  });
});

describe('the error envelope', () => {
  it('refuses a missing session token with 401 unauthenticated', async () => {
    await expectEnvelope(await t.request('/api/v1/connection'), 401, 'unauthenticated');
  });

  it('refuses a malformed Authorization header and a non-JWT token', async () => {
    await expectEnvelope(
      await t.request('/api/v1/connection', { headers: { authorization: 'Token abc' } }),
      401,
      'unauthenticated',
    );
    await expectEnvelope(
      await t.request('/api/v1/connection', { token: 'not.a-jwt' }),
      401,
      'unauthenticated',
    );
  });

  it('refuses an expired session', async () => {
    const token = await signSession({}, { nowSec: Math.floor(Date.now() / 1000) - 3600, ttlSec: 60 });
    const body = await expectEnvelope(
      await t.request('/api/v1/connection', { token }),
      401,
      'unauthenticated',
    );
    expect(body.error.message).toMatch(/expired/);
  });

  it('refuses a session signed with another secret', async () => {
    const token = await signSession({}, { secret: 'some-other-secret-that-is-long-enough-000' });
    await expectEnvelope(await t.request('/api/v1/connection', { token }), 401, 'unauthenticated');
  });

  it('refuses a session whose claims do not match the contract', async () => {
    const token = await signSession({ role: 'superuser' as never });
    await expectEnvelope(await t.request('/api/v1/connection', { token }), 401, 'unauthenticated');
  });

  it('refuses a technician with 403 forbidden and changes nothing', async () => {
    const before = await countStates();
    const token = await signSession({ role: 'technician', sub: 'usr_theo' });
    await expectEnvelope(
      await t.request('/api/v1/connection/authorize', { method: 'POST', token, body: authorizeBody }),
      403,
      'forbidden',
    );
    expect(await countStates()).toBe(before);
  });

  it('answers an unknown route with 404 not_found', async () => {
    await expectEnvelope(await t.request('/api/v1/nope'), 404, 'not_found');
    await expectEnvelope(await t.request('/nowhere'), 404, 'not_found');
  });

  it('answers a body failing its schema with 400 validation_failed and the zod issues, changing nothing', async () => {
    const before = await countStates();
    const token = await signSession();
    const res = await t.request('/api/v1/connection/authorize', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ returnTo: 'not a url', mode: 'sideways', extra: 1 }),
    });
    const body = await expectEnvelope(res, 400, 'validation_failed');
    const issues = (body.error.details as { issues: Array<{ path: unknown[] }> }).issues;
    expect(issues.map((i) => i.path[0] ?? '(root)')).toEqual(expect.arrayContaining(['returnTo', 'mode']));
    expect(await countStates()).toBe(before);
  });

  it('answers malformed JSON with 400 validation_failed', async () => {
    const res = await t.request('/api/v1/connection/authorize', {
      method: 'POST',
      token: await signSession(),
      headers: { 'content-type': 'application/json' },
      body: '{"returnTo": ',
    });
    const body = await expectEnvelope(res, 400, 'validation_failed');
    expect(body.error.message).toMatch(/not valid JSON/);
  });

  it('answers an oversized body with 413 payload_too_large', async () => {
    const res = await t.request('/api/v1/connection/authorize', {
      method: 'POST',
      token: await signSession(),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ returnTo: `${HOST_ORIGIN}/${'x'.repeat(70_000)}` }),
    });
    await expectEnvelope(res, 413, 'payload_too_large');
  });

  it('turns an unexpected exception into a generic 500 and logs its stack', async () => {
    // The database object is shared by every service; make its next query blow up like a bug would.
    const db = t.bff.database as { query: typeof t.bff.database.query };
    const original = db.query;
    db.query = async () => {
      throw new Error('kaboom with Bearer abc.def.ghi inside');
    };
    let res: Response;
    try {
      res = await t.request('/api/v1/connection', { token: await signSession() });
    } finally {
      db.query = original;
    }
    const body = await expectEnvelope(res, 500, 'internal_error');
    expect(body.error.message).not.toContain('kaboom');
    const line = t.lines.map((l) => JSON.parse(l)).find((l) => l.event === 'http.unhandled');
    expect(line.error.stack).toContain('kaboom');
    expect(JSON.stringify(line)).not.toContain('abc.def.ghi');
  });
});

describe('request ids and logs', () => {
  it('reuses a sane x-request-id and stamps it on every log line of the request', async () => {
    const before = t.lines.length;
    const res = await t.request('/api/v1/connection', { headers: { 'x-request-id': 'req-abc.123' } });
    expect(res.headers.get('x-request-id')).toBe('req-abc.123');
    const lines = t.lines.slice(before).map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(2); // the refusal and the access line
    for (const l of lines) expect(l.requestId).toBe('req-abc.123');
  });

  it('replaces an unsafe x-request-id with a generated one', async () => {
    const res = await t.request('/healthz', {
      headers: { 'x-request-id': `evil id with spaces ${'x'.repeat(200)}` },
    });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes one JSON object per line and never the session token', async () => {
    const token = await signSession();
    const before = t.lines.length;
    await t.request('/api/v1/me', { token });
    await t.request('/api/v1/connection', { headers: { authorization: `Bearer ${token}x` } });
    const lines = t.lines.slice(before);
    for (const l of lines) {
      expect(() => JSON.parse(l)).not.toThrow();
      expect(l).not.toContain(token.slice(0, 40));
    }
  });
});

describe('CORS', () => {
  it('allows the configured origin with the Authorization header', async () => {
    const res = await t.request('/api/v1/me', {
      method: 'OPTIONS',
      headers: {
        origin: HOST_ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe(HOST_ORIGIN);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives any other origin no CORS headers', async () => {
    const res = await t.request('/api/v1/me', {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.test', 'access-control-request-method': 'GET' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const get = await t.request('/api/v1/me', {
      headers: { origin: 'http://evil.test' },
      token: await signSession(),
    });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});
