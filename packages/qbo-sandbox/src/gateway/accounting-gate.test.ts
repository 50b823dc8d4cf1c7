import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.ts';
import { startQboSandbox, type RunningQboSandbox } from '../server.ts';

let server: RunningQboSandbox;
const clock = createManualClock();

beforeAll(async () => {
  server = await startQboSandbox({ port: 0, clock });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.sandbox.faults.clear();
});

async function tokenFor(realmId = '9341452'): Promise<{ access_token: string; refresh_token: string }> {
  const res = await fetch(`${server.url}/_sandbox/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ realmId, clientId: 'exoserva-dev-client' }),
  });
  return (await res.json()) as { access_token: string; refresh_token: string };
}

async function api(path: string, token: string | undefined, init: RequestInit = {}) {
  const res = await fetch(`${server.url}/v3/company/${path}`, {
    ...init,
    headers: {
      accept: 'application/json',
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

async function setFaults(body: Record<string, unknown>) {
  const res = await fetch(`${server.url}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

describe('the Accounting API gateway', () => {
  it('answers a missing or unknown bearer token with the lowercase 401 AUTHENTICATION shape', async () => {
    const res = await api('9341452/companyinfo/9341452', undefined);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      warnings: null,
      intuitObject: null,
      fault: {
        error: [
          {
            message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
            code: '3200',
            element: null,
          },
        ],
        type: 'AUTHENTICATION',
      },
      time: expect.any(Number),
    });
    expect(res.headers.get('intuit_tid')).toBeTruthy();
  });

  it('says Token expired once the access token is an hour old', async () => {
    const { access_token } = await tokenFor();
    expect((await api('9341452/companyinfo/9341452', access_token)).status).toBe(200);
    clock.advance(3_600_000);
    const res = await api('9341452/companyinfo/9341452', access_token);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ fault: { error: [{ detail: 'Token expired', code: '3200' }] } });
  });

  it('answers a token of another company with 403 AuthorizationFailed 3100', async () => {
    const { access_token } = await tokenFor('9341453');
    const res = await api('9341452/companyinfo/9341452', access_token);
    expect(res.status).toBe(403);
    // The gateway's lowercase shape, `time` in epoch milliseconds (node-quickbooks issue #154's capture).
    expect(res.body).toMatchObject({
      fault: {
        error: [{ code: '3100', message: 'message=AuthorizationFailed; errorCode=003100; statusCode=403' }],
        type: 'SERVICE',
      },
      time: expect.any(Number),
    });
    expect(res.body).not.toHaveProperty('Fault');
  });

  it('answers an unknown realm with a 400 ValidationFault', async () => {
    const { access_token } = await tokenFor();
    const res = await api('1234/companyinfo/1234', access_token);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ Fault: { type: 'ValidationFault' } });
  });

  it('logs every call with its requestid and status', async () => {
    const { access_token } = await tokenFor();
    await api('9341452/customer?requestid=log-1&minorversion=75', access_token, {
      method: 'POST',
      body: JSON.stringify({ DisplayName: 'Logged Customer' }),
    });
    const log = (await (await fetch(`${server.url}/_sandbox/requests?realmId=9341452`)).json()) as Array<
      Record<string, unknown>
    >;
    expect(log.at(-1)).toMatchObject({
      method: 'POST',
      path: '/v3/company/9341452/customer',
      requestid: 'log-1',
      status: 200,
      outcome: 'ok',
      clientId: 'exoserva-dev-client',
    });
  });
});

describe('throttling', () => {
  it('allows ten requests in a second per realm and app, then 429 ThrottleExceeded', async () => {
    clock.advance(120_000);
    const { access_token } = await tokenFor('9341453');
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await api('9341453/preferences', access_token));
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    const throttled = results.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(2);
    expect(throttled[0]?.body).toMatchObject({
      Fault: {
        Error: [
          {
            Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429',
            Detail: 'The request limit was reached.  Try again later',
            code: '3001',
          },
        ],
        type: 'SERVICE',
      },
      time: expect.any(String),
    });
    clock.advance(1000);
    expect((await api('9341453/preferences', access_token)).status).toBe(200);
    const stats = server.sandbox.throttle.statsOf('9341453');
    expect(stats.maxPerSecond).toBe(10);
    expect(stats.throttled).toBe(2);
  });

  it('allows ten concurrent requests and refuses the eleventh', async () => {
    clock.advance(120_000);
    const { access_token } = await tokenFor('9341453');
    await setFaults({ realmId: '9341453', latencyMs: 1500 });
    // Spread over the (manual) clock's seconds so only concurrency can refuse; the latency keeps all in flight.
    const inFlight = [];
    for (let i = 0; i < 11; i++) {
      clock.advance(200);
      inFlight.push(api('9341453/preferences', access_token));
      await new Promise((r) => setTimeout(r, 20));
    }
    const results = await Promise.all(inFlight);
    expect(results.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
    expect(server.sandbox.throttle.statsOf('9341453').maxConcurrent).toBe(10);
  });

  it('can be relaxed per company', async () => {
    clock.advance(120_000);
    const { access_token } = await tokenFor('9341453');
    await fetch(`${server.url}/_sandbox/companies/9341453`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ throttling: false }),
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => api('9341453/preferences', access_token)),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(server.sandbox.throttle.statsOf('9341453').maxPerSecond).toBeGreaterThanOrEqual(20);
    server.sandbox.companies.setThrottling('9341453', true);
  });
});

describe('fault injection', () => {
  it('forces 429 on every request', async () => {
    const { access_token } = await tokenFor();
    await setFaults({ realmId: '9341452', throttle: true });
    expect((await api('9341452/preferences', access_token)).status).toBe(429);
  });

  it('answers 500 or 503 with a SystemFault at errorRate 1 without running the handler', async () => {
    clock.advance(2000);
    const { access_token } = await tokenFor();
    await setFaults({ realmId: '9341452', errorRate: 1, seed: 7 });
    const res = await api('9341452/customer', access_token, {
      method: 'POST',
      body: JSON.stringify({ DisplayName: 'Never Created' }),
    });
    expect([500, 503]).toContain(res.status);
    expect(res.body).toMatchObject({ Fault: { type: 'SystemFault', Error: [{ code: '10000' }] } });
    const customers = server.sandbox.companies.get('9341452')?.list('Customer') ?? [];
    expect(customers.some((c) => c.DisplayName === 'Never Created')).toBe(false);
  });

  it('drops the connection after the write commits', async () => {
    clock.advance(2000);
    const { access_token } = await tokenFor();
    await setFaults({ realmId: '9341452', dropRate: 1 });
    await expect(
      fetch(`${server.url}/v3/company/9341452/customer?requestid=drop-1`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ DisplayName: 'Committed Then Dropped' }),
      }).then((r) => r.text()),
    ).rejects.toThrow();
    const customers = server.sandbox.companies.get('9341452')?.list('Customer') ?? [];
    expect(customers.filter((c) => c.DisplayName === 'Committed Then Dropped')).toHaveLength(1);

    server.sandbox.faults.clear('9341452');
    // The retry with the same requestid gets the original outcome and creates nothing new.
    const retry = await api('9341452/customer?requestid=drop-1', access_token, {
      method: 'POST',
      body: JSON.stringify({ DisplayName: 'Committed Then Dropped' }),
    });
    expect(retry.status).toBe(200);
    const after = server.sandbox.companies.get('9341452')?.list('Customer') ?? [];
    expect(after.filter((c) => c.DisplayName === 'Committed Then Dropped')).toHaveLength(1);
  });

  it('adds latency', async () => {
    clock.advance(2000);
    const { access_token } = await tokenFor();
    await setFaults({ realmId: '9341452', latencyMs: 120 });
    const started = Date.now();
    expect((await api('9341452/preferences', access_token)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('expires the realm’s access tokens on demand; a refresh then works', async () => {
    clock.advance(2000);
    const tokens = await tokenFor();
    await setFaults({ realmId: '9341452', expireTokens: true });
    const res = await api('9341452/preferences', tokens.access_token);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ fault: { error: [{ detail: 'Token expired' }] } });
    const refreshed = await fetch(`${server.url}/oauth2/v1/tokens/bearer`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('exoserva-dev-client:exoserva-dev-secret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(tokens.refresh_token)}`,
    });
    const body = (await refreshed.json()) as { access_token: string };
    expect((await api('9341452/preferences', body.access_token)).status).toBe(200);
  });

  it('revokes the realm’s grants on demand; refresh gives invalid_grant', async () => {
    clock.advance(2000);
    const tokens = await tokenFor();
    await setFaults({ realmId: '9341452', revokeTokens: true });
    expect((await api('9341452/preferences', tokens.access_token)).status).toBe(401);
    const refreshed = await fetch(`${server.url}/oauth2/v1/tokens/bearer`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('exoserva-dev-client:exoserva-dev-secret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(tokens.refresh_token)}`,
    });
    expect(refreshed.status).toBe(400);
    expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('makes the token endpoint fail with 503 or lose the connection', async () => {
    const tokens = await tokenFor();
    const refresh = () =>
      fetch(`${server.url}/oauth2/v1/tokens/bearer`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from('exoserva-dev-client:exoserva-dev-secret').toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(tokens.refresh_token)}`,
      });
    await setFaults({ realmId: '9341452', tokenEndpointErrorRate: 1 });
    expect((await refresh()).status).toBe(503);
    await setFaults({ realmId: '9341452', tokenEndpointDown: true });
    await expect(refresh()).rejects.toThrow();
    server.sandbox.faults.clear();
    expect((await refresh()).status).toBe(200);
  });
});

describe("Intuit's metered calls (App Partner Program)", () => {
  afterEach(() => server.sandbox.metering.reset());

  it('counts reads as CorePlus and writes as Core per app; past the allowance reads answer 429 and writes go on', async () => {
    clock.advance(61_000); // out of the earlier tests' per-second and per-minute windows
    server.sandbox.metering.reset(); // and their calls off the month's count
    const { access_token: token } = await tokenFor();
    const control = async (body?: unknown) =>
      (await (
        await fetch(`${server.url}/_sandbox/metering`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        })
      ).json()) as {
        corePlusCap: number | null;
        apps: Record<string, { core: number; corePlus: number; refused: number }>;
      };
    expect((await control()).corePlusCap).toBe(500_000);
    await control({ corePlusCap: 2 });

    expect((await api('9341452/companyinfo/9341452', token)).status).toBe(200);
    expect((await api('9341452/query?query=select%20*%20from%20Account', token)).status).toBe(200);
    const refused = await api('9341452/query?query=select%20*%20from%20Item', token);
    expect(refused.status).toBe(429);
    const created = await api('9341452/customer', token, {
      method: 'POST',
      body: JSON.stringify({ DisplayName: `Metered ${Date.now()}` }),
    });
    expect(created.status).toBe(200);
    expect((await control()).apps['exoserva-dev-client']).toEqual({ core: 1, corePlus: 2, refused: 1 });
    expect(server.sandbox.requests.list().at(-2)?.outcome).toBe('metered-cap');

    // A new month starts every app's count again.
    clock.advance(32 * 24 * 3_600_000);
    const { access_token: fresh } = await tokenFor();
    expect((await api('9341452/companyinfo/9341452', fresh)).status).toBe(200);
    expect((await control()).apps['exoserva-dev-client']).toEqual({ core: 0, corePlus: 1, refused: 0 });
  });
});
