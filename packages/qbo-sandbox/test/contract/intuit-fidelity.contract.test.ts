/**
 * Intuit's behaviour where a sync product gets hurt, through the real node-quickbooks and intuit-oauth clients:
 * the shared facts (intuit-fidelity.suite.ts) against the stand-in and — with credentials — a real Intuit sandbox
 * company, then the states and outages only the stand-in can be put into on demand. Each test names its source.
 */
import OAuthClient from 'intuit-oauth';
import QuickBooks from 'node-quickbooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startQboSandbox, type RunningQboSandbox } from '../../src/server.ts';
import { faultOf, intuitFidelitySuite } from './intuit-fidelity.suite.ts';
import { call, hasRealIntuit, pointClientsAt, realIntuit, SKIP_REAL_REASON } from './target.ts';

const REALM = '9341452';
const OTHER = '9341453';
type Rec = Record<string, unknown>;

let server: RunningQboSandbox;
let qbo: QuickBooks;
let tokens: { access_token: string; refresh_token: string };

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/_sandbox${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as Rec;
}

async function mint(realmId: string) {
  return (await control('POST', '/tokens', { realmId, clientId: 'exoserva-dev-client' })) as typeof tokens;
}

function client(accessToken: string, refreshToken: string, realmId = REALM) {
  return new QuickBooks(
    'exoserva-dev-client',
    'exoserva-dev-secret',
    accessToken,
    false,
    realmId,
    true,
    false,
    '75',
    '2.0',
    refreshToken,
  );
}

/** A raw call, to see exactly what came back (node-quickbooks parses bodies as JSON when it can). */
async function raw(path: string, init: RequestInit = {}) {
  const res = await fetch(`${server.url}/v3/company/${REALM}/${path}`, {
    ...init,
    headers: { authorization: `Bearer ${tokens.access_token}`, accept: 'application/json', ...init.headers },
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('Intuit fidelity against the qbo-sandbox', () => {
  beforeAll(async () => {
    server = await startQboSandbox({ port: 0, throttling: false });
    pointClientsAt(server.url);
    tokens = await mint(REALM);
    qbo = client(tokens.access_token, tokens.refresh_token);
  });
  afterAll(async () => {
    await server.close();
  });

  intuitFidelitySuite({ qbo: () => qbo });

  // node-quickbooks issue #154 (a captured 403): the gateway's lowercase shape, `time` in epoch milliseconds.
  it('answers a token used on another company with the gateway’s lowercase 403', async () => {
    const other = await mint(OTHER);
    const err = await call((cb) =>
      client(other.access_token, other.refresh_token, REALM).getCompanyInfo(REALM, cb),
    ).catch((e: unknown) => e);
    const data = (err as { response: { status: number; data: Rec } }).response;
    expect(data.status).toBe(403);
    expect(data.data).toMatchObject({
      fault: {
        error: [{ message: 'message=AuthorizationFailed; errorCode=003100; statusCode=403', code: '3100' }],
      },
      time: expect.any(Number),
    });
  });

  // Intuit's field definitions: a requestid is at most 50 characters, a batch's at most 36.
  it('refuses a batch requestid longer than 36 characters', async () => {
    const res = await raw(`batch?requestid=${'b'.repeat(37)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ BatchItemRequest: [{ bId: 'x', Query: 'select * from Customer' }] }),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ Fault: { Error: [{ code: '2050' }] } });
    const ok = await raw(`batch?requestid=${'b'.repeat(36)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ BatchItemRequest: [{ bId: 'x', Query: 'select * from Customer' }] }),
    });
    expect(ok.status).toBe(200);
  });

  // Intuit's "top errors": 6210 Account Period Closed for a change dated on or before the closing date.
  it('refuses a transaction dated in a closed period with 6210, and takes it once the books reopen', async () => {
    await control('PATCH', `/companies/${REALM}`, { bookCloseDate: '2026-10-31' });
    const customer = await call<Rec>((cb) => qbo.createCustomer({ DisplayName: `Closed ${Date.now()}` }, cb));
    const body = {
      CustomerRef: { value: String(customer.Id) },
      TxnDate: '2026-10-15',
      Line: [
        { Amount: 10, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '1' } } },
      ],
    };
    const err = await call((cb) => qbo.createInvoice(body, cb)).catch((e: unknown) => e);
    expect(faultOf(err)).toEqual({ status: 400, code: '6210' });
    const prefs = await call<Rec>((cb) => qbo.getPreferences(cb));
    expect((prefs.AccountingInfoPrefs as Rec).BookCloseDate).toBe('2026-10-31');
    await control('PATCH', `/companies/${REALM}`, { bookCloseDate: null });
    expect(await call<Rec>((cb) => qbo.createInvoice(body, cb))).toHaveProperty('Id');
  });

  // Intuit's "top errors": 6190 Invalid Company Status once the subscription lapsed; reads still answer.
  it('refuses writes with 6190 while the subscription is lapsed', async () => {
    await control('PATCH', `/companies/${REALM}`, { subscriptionLapsed: true });
    const err = await call((cb) => qbo.createCustomer({ DisplayName: `Lapsed ${Date.now()}` }, cb)).catch(
      (e: unknown) => e,
    );
    expect(faultOf(err)).toEqual({ status: 400, code: '6190' });
    expect(await call<Rec>((cb) => qbo.getCompanyInfo(REALM, cb))).toHaveProperty('CompanyName');
    await control('PATCH', `/companies/${REALM}`, { subscriptionLapsed: false });
  });

  // Intuit's "top errors": 401 with code 120 when the user who connected lost access to the company.
  it('answers 401 with code 120 when the connecting user lost access', async () => {
    await control('PATCH', `/companies/${REALM}`, { connectedUserLostAccess: true });
    const err = await call((cb) => qbo.getCompanyInfo(REALM, cb)).catch((e: unknown) => e);
    expect(faultOf(err)).toEqual({ status: 401, code: '120' });
    await control('PATCH', `/companies/${REALM}`, { connectedUserLostAccess: false });
  });

  // Client libraries report HTML 502/503 pages from Intuit's load balancer, a JSON 500 with errorCode=003100,
  // and a throttle in XML though JSON was asked for (quickbooks-ruby's too_many_requests_error.xml).
  it('answers outages in HTML and the gateway’s JSON, and a throttle in XML', async () => {
    await control('POST', '/faults', { realmId: REALM, seed: 4, errorRate: 1, errorShape: 'outages' });
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const res = await raw(`companyinfo/${REALM}`);
      seen.add(`${res.status} ${res.type.startsWith('text/html') ? 'html' : 'json'}`);
      if (res.status === 500) expect(res.text).toContain('errorCode=003100');
    }
    expect(seen).toEqual(new Set(['502 html', '503 html', '500 json']));
    await control('POST', '/faults', { realmId: REALM, throttle: true, throttleBody: 'xml' });
    const throttled = await raw(`companyinfo/${REALM}`);
    expect(throttled.status).toBe(429);
    expect(throttled.type).toContain('application/xml');
    expect(throttled.text).toContain('<Error code="3001"');
    await fetch(`${server.url}/_sandbox/faults/${REALM}`, { method: 'DELETE' });
  });

  // Intuit's requestid post: a repeated requestid gets "the same response as it did for the original request" —
  // an error included, which the stand-in replays. With `requestIds: ignore` it behaves as public reports say
  // Intuit sometimes does (.NET SDK issue #352, node-quickbooks issue #38): a second record.
  it('replays a refused request’s error for its requestid, and with requestids ignored creates twice', async () => {
    const requestId = `fidelity-${Date.now()}`;
    const refused = await call((cb) => qbo.createCustomer({ requestId } as never, cb)).catch(
      (e: unknown) => e,
    );
    expect(faultOf(refused).status).toBe(400);
    const again = await call((cb) =>
      qbo.createCustomer({ DisplayName: `Fixed ${requestId}`, requestId }, cb),
    ).catch((e: unknown) => e);
    expect(faultOf(again)).toEqual(faultOf(refused));
    await control('POST', '/faults', { realmId: REALM, requestIds: 'ignore' });
    const name = `Twice ${requestId}`;
    await call((cb) => qbo.createCustomer({ DisplayName: name, requestId: `${requestId}-i` }, cb));
    const second = await call((cb) =>
      qbo.createCustomer({ DisplayName: `${name} again`, requestId: `${requestId}-i` }, cb),
    );
    expect(second).toMatchObject({ DisplayName: `${name} again` });
    await fetch(`${server.url}/_sandbox/faults/${REALM}`, { method: 'DELETE' });
  });

  // Intuit's token responses (oauth-jsclient's refresh mocks): while the same refresh token comes back, its
  // x_refresh_token_expires_in counts down.
  it('counts the refresh token’s lifetime down while handing the same token back (intuit-oauth)', async () => {
    const oauth = new OAuthClient({
      clientId: 'exoserva-dev-client',
      clientSecret: 'exoserva-dev-secret',
      environment: 'sandbox',
      redirectUri: 'http://localhost:8787/api/v1/oauth/callback',
    });
    const fresh = await mint(REALM);
    await control('POST', '/clock', { advanceMs: 3_600_000 });
    const res = await oauth.refreshUsingToken(fresh.refresh_token);
    const json = res.getJson() as { refresh_token: string; x_refresh_token_expires_in: number };
    expect(json.refresh_token).toBe(fresh.refresh_token);
    // An hour (and the few milliseconds the calls took) off the 100 days.
    expect(json.x_refresh_token_expires_in).toBeGreaterThanOrEqual(8_726_400 - 3601);
    expect(json.x_refresh_token_expires_in).toBeLessThanOrEqual(8_726_400 - 3600);
    await control('POST', '/clock', { reset: true });
  });
});

if (!hasRealIntuit) console.warn(SKIP_REAL_REASON);

describe.skipIf(!hasRealIntuit)('Intuit fidelity against real Intuit (non-interactive)', () => {
  let real: QuickBooks;
  beforeAll(async () => {
    pointClientsAt(undefined);
    real = new QuickBooks(
      realIntuit.clientId as string,
      realIntuit.clientSecret as string,
      '',
      false,
      realIntuit.realmId as string,
      true,
      false,
      '75',
      '2.0',
      realIntuit.refreshToken as string,
    );
    await call((cb) => real.refreshAccessToken(cb));
  });
  // Intuit allows 10 requests a second per realm and app.
  beforeEach(() => new Promise((r) => setTimeout(r, 250)));
  intuitFidelitySuite({ qbo: () => real });
});
