import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQboSandbox, type RunningQboSandbox } from '../server.ts';

let server: RunningQboSandbox;

beforeAll(async () => {
  server = await startQboSandbox({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('the control API', () => {
  it('lists the default companies', async () => {
    const res = await control('GET', '/companies');
    const state = {
      throttling: true,
      bookCloseDate: null,
      subscriptionLapsed: false,
      connectedUserLostAccess: false,
    };
    expect(res.body).toEqual([
      { realmId: '9341452', companyName: 'Acme Heating & Air (Sandbox)', ...state },
      { realmId: '9341453', companyName: 'Bayside Plumbing Co (Sandbox)', ...state },
    ]);
  });

  it('closes the books through a date, lapses the subscription and takes the user’s access, and undoes each', async () => {
    const res = await control('PATCH', '/companies/9341453', {
      bookCloseDate: '2026-10-31',
      subscriptionLapsed: true,
      connectedUserLostAccess: true,
    });
    expect(res.body).toMatchObject({
      bookCloseDate: '2026-10-31',
      subscriptionLapsed: true,
      connectedUserLostAccess: true,
    });
    const undone = await control('PATCH', '/companies/9341453', {
      bookCloseDate: null,
      subscriptionLapsed: false,
      connectedUserLostAccess: false,
    });
    expect(undone.body).toMatchObject({
      bookCloseDate: null,
      subscriptionLapsed: false,
      connectedUserLostAccess: false,
    });
    expect((await control('PATCH', '/companies/9341453', { bookCloseDate: '2026-02-31' })).status).toBe(400);
  });

  it('creates a company seeded like a new QuickBooks company', async () => {
    const res = await control('POST', '/companies', { companyName: 'Test Co', salesTax: true });
    expect(res.status).toBe(201);
    const { realmId } = res.body as { realmId: string };
    expect(realmId).toBe('9341454');
    const accounts = await control('GET', `/companies/${realmId}/Account`);
    expect((accounts.body as unknown[]).length).toBeGreaterThan(0);
  });

  it('answers bad input with a 400 and a validation error', async () => {
    const bad = await control('POST', '/apps', { clientId: 'x', redirectUris: ['not a url'] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'validation_failed' } });
    expect((await control('POST', '/faults', { realmId: '9341452', errorRate: 2 })).status).toBe(400);
    expect((await control('POST', '/clock', { advanceMs: 'soon' })).status).toBe(400);
    expect((await control('POST', '/tokens', '{not json')).body).toMatchObject({
      error: { code: 'invalid_json' },
    });
  });

  it('registers an app and never lists secrets', async () => {
    const res = await control('POST', '/apps', {
      clientId: 'bff-test',
      clientSecret: 'shh',
      redirectUris: ['http://127.0.0.1:9999/cb'],
      webhookUrl: 'http://127.0.0.1:9999/webhooks',
      verifierToken: 'vt',
      webhookFormat: 'cloudevents',
    });
    expect(res.status).toBe(201);
    const apps = JSON.stringify((await control('GET', '/apps')).body);
    expect(apps).toContain('bff-test');
    expect(apps).not.toContain('shh');
    expect(apps).not.toContain('"vt"');
  });

  it('mints tokens as the token endpoint would and lists grants without token values', async () => {
    const res = await control('POST', '/tokens', { realmId: '9341452', clientId: 'exoserva-dev-client' });
    expect(res.body).toMatchObject({
      token_type: 'bearer',
      expires_in: 3600,
      x_refresh_token_expires_in: 8726400,
    });
    const tokens = res.body as { access_token: string; refresh_token: string };
    const grants = await control('GET', '/tokens?realmId=9341452');
    expect(grants.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clientId: 'exoserva-dev-client', realmId: '9341452', status: 'active' }),
      ]),
    );
    const text = JSON.stringify(grants.body);
    expect(text).not.toContain(tokens.access_token);
    expect(text).not.toContain(tokens.refresh_token);
  });

  it('moves the clock and resets everything', async () => {
    const before = Date.now();
    const moved = await control('POST', '/clock', { advanceMs: 86_400_000 });
    expect(Date.parse((moved.body as { now: string }).now)).toBeGreaterThanOrEqual(before + 86_400_000);
    const set = await control('POST', '/clock', { setTo: '2030-01-01T00:00:00Z' });
    expect((set.body as { now: string }).now).toMatch(/^2030-01-01T00:00:0/);
    await control('POST', '/faults', { realmId: '9341452', throttle: true });

    expect((await control('POST', '/reset')).status).toBe(200);
    expect((await control('GET', '/companies')).body).toHaveLength(2);
    expect((await control('GET', '/tokens')).body).toEqual([]);
    expect((await control('GET', '/faults')).body).toEqual([]);
    expect(
      Math.abs(Date.parse(((await control('GET', '/clock')).body as { now: string }).now) - Date.now()),
    ).toBeLessThan(5000);
  });

  it('answers 404 for an unknown company', async () => {
    expect((await control('GET', '/companies/1/Customer')).status).toBe(404);
    expect((await control('POST', '/faults', { realmId: '1', throttle: true })).status).toBe(404);
  });
});

describe('the state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qbo-sandbox-state-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('brings back apps, companies, records and grants after a restart', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await startQboSandbox({ port: 0, stateFile });
    const created = await fetch(`${first.url}/_sandbox/companies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ companyName: 'Persisted Co' }),
    });
    const { realmId } = (await created.json()) as { realmId: string };
    const tokenRes = await fetch(`${first.url}/_sandbox/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ realmId, clientId: 'exoserva-dev-client' }),
    });
    const tokens = (await tokenRes.json()) as { access_token: string; refresh_token: string };
    const customer = await fetch(`${first.url}/v3/company/${realmId}/customer`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ DisplayName: 'Survives Restarts' }),
    });
    expect(customer.status).toBe(200);
    await first.close();

    const second = await startQboSandbox({ port: 0, stateFile });
    try {
      const read = await fetch(
        `${second.url}/v3/company/${realmId}/query?query=${encodeURIComponent("select * from Customer where DisplayName = 'Survives Restarts'")}`,
        {
          headers: { authorization: `Bearer ${tokens.access_token}`, accept: 'application/json' },
        },
      );
      expect(read.status).toBe(200);
      const body = (await read.json()) as { QueryResponse: { Customer?: unknown[] } };
      expect(body.QueryResponse.Customer).toHaveLength(1);
      const refresh = await fetch(`${second.url}/oauth2/v1/tokens/bearer`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from('exoserva-dev-client:exoserva-dev-secret').toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: tokens.refresh_token,
        }).toString(),
      });
      expect(refresh.status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
