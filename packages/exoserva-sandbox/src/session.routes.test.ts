import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionClaims } from '@exoserva/contracts';
import { createExoservaSandbox } from './app.ts';
import { createManualClock } from './clock.ts';
import { startExoservaSandbox, type RunningExoservaSandbox } from './server.ts';

const secret = 'test-session-secret-0123456789abcdef';

function postSession(app: ReturnType<typeof createExoservaSandbox>['app'], body: unknown) {
  return app.request('/api/dev/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('POST /api/dev/session', () => {
  it('signs an owner session whose claims match the contract and verify with the secret', async () => {
    const clock = createManualClock(new Date('2026-03-01T12:00:00.000Z'));
    const { app } = createExoservaSandbox({ sessionSecret: secret, clock });

    const res = await postSession(app, { role: 'owner' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      token: string;
      expiresAt: string;
      user: { id: string; name: string; role: string };
      tenant: { id: string; name: string };
    };
    expect(body.user).toEqual({ id: 'usr_olivia', name: 'Olivia Owner', role: 'owner' });
    expect(body.tenant).toEqual({ id: 'ten_summit', name: 'Summit HVAC' });
    expect(body.expiresAt).toBe('2026-03-01T12:15:00.000Z');

    const { payload, protectedHeader } = await jwtVerify(body.token, new TextEncoder().encode(secret), {
      currentDate: clock.now(),
    });
    expect(protectedHeader.alg).toBe('HS256');
    expect(Object.keys(payload).sort()).toEqual(['exp', 'iat', 'name', 'role', 'sub', 'tenantName', 'tid']);
    const claims = SessionClaims.parse(payload);
    expect(claims).toMatchObject({
      sub: 'usr_olivia',
      tid: 'ten_summit',
      role: 'owner',
      name: 'Olivia Owner',
      tenantName: 'Summit HVAC',
    });
    expect(claims.exp - (claims.iat ?? 0)).toBe(900);
  });

  it('does not verify with another secret', async () => {
    const { app } = createExoservaSandbox({ sessionSecret: secret });
    const { token } = (await (await postSession(app, { role: 'technician' })).json()) as { token: string };
    await expect(
      jwtVerify(token, new TextEncoder().encode('some-other-secret-0123456789abcdef')),
    ).rejects.toThrow();
  });

  it('signs in the tenant admin and the technician of the demo tenant', async () => {
    const { app } = createExoservaSandbox({ sessionSecret: secret });
    const admin = (await (await postSession(app, { role: 'tenant_admin' })).json()) as {
      user: { name: string };
    };
    const tech = (await (await postSession(app, { role: 'technician' })).json()) as {
      user: { name: string };
    };
    expect(admin.user.name).toBe('Adam Admin');
    expect(tech.user.name).toBe('Theo Tech');
  });

  it('signs in the owner of another tenant for cross-tenant tests', async () => {
    const { app } = createExoservaSandbox({ sessionSecret: secret });
    const res = await postSession(app, { role: 'owner', tenantId: 'ten_northwind' });
    const body = (await res.json()) as { token: string; tenant: { name: string } };
    expect(body.tenant.name).toBe('Northwind Electric');
    const { payload } = await jwtVerify(body.token, new TextEncoder().encode(secret));
    expect(SessionClaims.parse(payload).tid).toBe('ten_northwind');
  });

  it('honours a custom session lifetime', async () => {
    const clock = createManualClock(new Date('2026-03-01T12:00:00.000Z'));
    const { app } = createExoservaSandbox({ sessionSecret: secret, sessionTtlSeconds: 60, clock });
    const body = (await (await postSession(app, { role: 'owner' })).json()) as { expiresAt: string };
    expect(body.expiresAt).toBe('2026-03-01T12:01:00.000Z');
  });

  it('refuses a role Exoserva does not sign in as with 400 validation_failed', async () => {
    const { app } = createExoservaSandbox({ sessionSecret: secret });
    const res = await postSession(app, { role: 'superuser' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.requestId).toBeTruthy();
  });

  it('refuses a body that is not JSON, or carries unknown fields, with 400', async () => {
    const { app } = createExoservaSandbox({ sessionSecret: secret });
    const notJson = await app.request('/api/dev/session', { method: 'POST', body: 'role=owner' });
    expect(notJson.status).toBe(400);
    expect((await postSession(app, { role: 'owner', admin: true })).status).toBe(400);
  });

  it('answers 404 for an unknown tenant or a role the tenant has no user for', async () => {
    const { app } = createExoservaSandbox({ sessionSecret: secret });
    expect((await postSession(app, { role: 'owner', tenantId: 'ten_nope' })).status).toBe(404);
    expect((await postSession(app, { role: 'technician', tenantId: 'ten_northwind' })).status).toBe(404);
  });
});

describe('read endpoints', () => {
  it('returns a tenant and 404 for an unknown one', async () => {
    const { app } = createExoservaSandbox({ sessionSecret: secret });
    const res = await app.request('/api/tenants/ten_summit');
    expect(await res.json()).toMatchObject({ id: 'ten_summit', name: 'Summit HVAC', currency: 'USD' });
    expect((await app.request('/api/tenants/ten_nope')).status).toBe(404);
  });

  it("lists only the asked tenant's users and requires tenantId", async () => {
    const { app } = createExoservaSandbox({ sessionSecret: secret });
    const res = await app.request('/api/users?tenantId=ten_northwind');
    const body = (await res.json()) as { users: { name: string; tenantId: string }[] };
    expect(body.users.map((u) => u.name)).toEqual(['Nora Northwind']);
    expect((await app.request('/api/users')).status).toBe(400);
  });
});

describe('startExoservaSandbox', () => {
  let running: RunningExoservaSandbox;
  beforeAll(async () => {
    running = await startExoservaSandbox({
      port: 0,
      sessionSecret: secret,
      corsOrigins: ['http://localhost:5173'],
    });
  });
  afterAll(() => running.close());

  it('answers CORS preflights for the host origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${running.url}/api/dev/session`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const ok = await preflight('http://localhost:5173');
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const other = await preflight('http://evil.test');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves sessions over HTTP on a free port', async () => {
    expect(running.port).toBeGreaterThan(0);
    const res = await fetch(`${running.url}/api/dev/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' },
      body: JSON.stringify({ role: 'owner' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});
