import { AuditResponse, ConnectionStatusResponse } from '@exoserva/contracts';
import {
  createControllableClock,
  DEFAULT_APP,
  startQboSandbox,
  type GrantSummary,
  type RunningQboSandbox,
} from '@exoserva/qbo-sandbox';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { intuitOAuthAuth } from '../src/adapters/intuit-oauth-auth.ts';
import { nodeQuickBooksApi } from '../src/adapters/node-quickbooks-api.ts';
import { createBff, type Bff } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { Database } from '../src/ports/database.ts';
import type { IntuitAuth } from '../src/ports/intuit-auth.ts';
import { signSession, testEnv } from './support/env.ts';
import { beginFlow, callback, type Requester } from './support/oauth-flow.ts';
import { freshPglite } from './support/pglite-template.ts';
import { createPostgresSchema, POSTGRES_URL } from './support/postgres.ts';
import { driveConsent } from './support/qbo-sandbox-driver.ts';

const BFF_URL = 'http://bff.test:8787';
const REDIRECT_URI = `${BFF_URL}/api/v1/oauth/callback`;
const ACME = '9341452';
const BAYSIDE = '9341453';

function sandboxEnv(qboUrl: string): Record<string, string | undefined> {
  return testEnv({
    BFF_PUBLIC_URL: BFF_URL,
    QBO_CLIENT_ID: DEFAULT_APP.clientId,
    QBO_CLIENT_SECRET: DEFAULT_APP.clientSecret,
    QBO_AUTHORIZE_URL: `${qboUrl}/connect/oauth2`,
    QBO_TOKEN_URL: `${qboUrl}/oauth2/v1/tokens/bearer`,
    QBO_REVOKE_URL: `${qboUrl}/v2/oauth2/tokens/revoke`,
    QBO_USERINFO_URL: `${qboUrl}/v1/openid_connect/userinfo`,
    QBO_JWKS_URL: `${qboUrl}/op/v1/jwks`,
    QBO_API_BASE_URL: `${qboUrl}/v3/company/`,
  });
}

/** The real intuit-oauth adapter, wrapped to count refreshes and remember every token Intuit handed out. */
function recordingIntuit(config: Config) {
  const real = intuitOAuthAuth(config.qbo, { retryDelayMs: 10 });
  const seen = new Set<string>();
  const refreshes = new Map<string, number>();
  const remember = <T>(r: T): T => {
    const v = (r as { ok: boolean; value?: { accessToken: string; refreshToken: string } }).value;
    if (v) {
      seen.add(v.accessToken);
      seen.add(v.refreshToken);
    }
    return r;
  };
  const auth: IntuitAuth = {
    authorizeUrl: (state) => real.authorizeUrl(state),
    exchangeCode: async (input) => remember(await real.exchangeCode(input)),
    refresh: async (rt) => {
      refreshes.set(rt, (refreshes.get(rt) ?? 0) + 1);
      return remember(await real.refresh(rt));
    },
    revoke: (token) => real.revoke(token),
  };
  return { auth, seen, refreshes, refreshCount: () => [...refreshes.values()].reduce((a, b) => a + b, 0) };
}

interface Instance {
  bff: Bff;
  lines: string[];
  intuit: ReturnType<typeof recordingIntuit>;
  request: Requester;
  bodies: string[];
}

async function startInstance(
  qboUrl: string,
  clock: { now(): number },
  database: Database,
  instanceId = 'one',
): Promise<Instance> {
  const config = loadConfig(sandboxEnv(qboUrl));
  const lines: string[] = [];
  const bodies: string[] = [];
  const intuit = recordingIntuit(config);
  const bff = await createBff(config, {
    database,
    clock,
    intuitAuth: intuit.auth,
    qboApi: nodeQuickBooksApi(config.qbo),
    logSink: (l) => lines.push(l),
    instanceId,
    tokenOptions: { pollMs: 10 },
  });
  const request: Requester = async (path, init = {}) => {
    const { token, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    const res = await bff.app.request(path, { ...rest, headers });
    // Keep what the browser would see: status line headers and body.
    bodies.push(JSON.stringify([...res.headers.entries()]), await res.clone().text());
    return res;
  };
  return { bff, lines, intuit, request, bodies };
}

async function grants(qbo: RunningQboSandbox, realmId: string): Promise<GrantSummary[]> {
  return (await (await fetch(`${qbo.url}/_sandbox/tokens?realmId=${realmId}`)).json()) as GrantSummary[];
}

async function connectVia(instance: Instance, token: string, realmId: string) {
  const flow = await beginFlow(instance.request, token);
  const back = await driveConsent(flow.intuitUrl, { realmId });
  expect(back.toString().startsWith(REDIRECT_URI)).toBe(true);
  return callback(instance.request, Object.fromEntries(back.searchParams), flow.cookie);
}

describe('against the QBO sandbox (real intuit-oauth and node-quickbooks)', () => {
  let qbo: RunningQboSandbox;
  const clock = createControllableClock();
  let t: Instance;
  let owner: string;

  beforeAll(async () => {
    qbo = await startQboSandbox({
      port: 0,
      throttling: false,
      clock,
      apps: [{ ...DEFAULT_APP, redirectUris: [REDIRECT_URI] }],
    });
  });
  afterAll(async () => {
    await qbo?.close();
  });
  beforeEach(async () => {
    clock.reset();
    await fetch(`${qbo.url}/_sandbox/reset`, { method: 'POST' });
    t = await startInstance(qbo.url, clock, await freshPglite());
    owner = await signSession();
  });
  afterEach(async () => {
    await t.bff.close();
  });

  // The BFF verifies sessions on the shared clock; once tests move it, sign sessions at the moved time.
  const ownerNow = () => signSession({}, { nowSec: Math.floor(clock.now() / 1000) });
  const status = async (token = owner) =>
    ConnectionStatusResponse.parse(await (await t.request('/api/v1/connection', { token })).json());

  it('connects through the consent page and reads the company name from CompanyInfo', async () => {
    const { location } = await connectVia(t, owner, ACME);
    expect(location?.searchParams.get('qbo_connected')).toBe('1');
    const s = await status();
    expect(s).toMatchObject({
      state: 'connected',
      company: { realmId: ACME, name: 'Acme Heating & Air (Sandbox)' },
    });
    expect(s.hardExpiresAt).not.toBeNull();
    expect((await grants(qbo, ACME)).filter((g) => g.status === 'active')).toHaveLength(1);
    const token = await t.bff.services.tokens.getAccessToken('ten_summit');
    expect(token).toMatchObject({ ok: true, value: { realmId: ACME } });
  });

  it('reports a denied consent', async () => {
    const flow = await beginFlow(t.request, owner);
    const back = await driveConsent(flow.intuitUrl, { decision: 'cancel' });
    const { location } = await callback(t.request, Object.fromEntries(back.searchParams), flow.cookie);
    expect(location?.searchParams.get('qbo_error')).toBe('oauth_denied');
    expect((await status()).state).toBe('disconnected');
  });

  it('refuses a tampered state, a missing cookie and an expired flow without spending the code', async () => {
    const flow = await beginFlow(t.request, owner);
    const back = await driveConsent(flow.intuitUrl, { realmId: ACME });
    const params = Object.fromEntries(back.searchParams);
    const tampered = await callback(t.request, { ...params, state: `${params.state}x` }, flow.cookie);
    expect(tampered.location?.searchParams.get('qbo_error')).toBe('oauth_state_invalid');
    const noCookie = await callback(t.request, params);
    expect(noCookie.location?.searchParams.get('qbo_error')).toBe('oauth_state_invalid');
    clock.advance(11 * 60 * 1000);
    const expired = await callback(t.request, params, flow.cookie);
    expect(expired.location?.searchParams.get('qbo_error')).toBe('oauth_state_invalid');
    expect(await grants(qbo, ACME)).toEqual([]);
  });

  it('refuses a replayed callback, so Intuit never sees the code twice (which would revoke the grant)', async () => {
    const flow = await beginFlow(t.request, owner);
    const params = Object.fromEntries((await driveConsent(flow.intuitUrl, { realmId: ACME })).searchParams);
    const first = await callback(t.request, params, flow.cookie);
    const replay = await callback(t.request, params, flow.cookie);
    expect(first.location?.searchParams.get('qbo_connected')).toBe('1');
    expect(replay.location?.searchParams.get('qbo_error')).toBe('oauth_state_invalid');
    expect((await grants(qbo, ACME)).map((g) => g.status)).toEqual(['active']);
  });

  it('refuses a company already connected to another tenant', async () => {
    await connectVia(t, owner, ACME);
    const nora = await signSession({ tid: 'ten_northwind', sub: 'usr_nora', name: 'Nora Northwind' });
    const { location } = await connectVia(t, nora, ACME);
    expect(location?.searchParams.get('qbo_error')).toBe('company_connected_elsewhere');
    expect((await status(nora)).state).toBe('disconnected');
    expect((await t.bff.services.tokens.getAccessToken('ten_summit')).ok).toBe(true);
  });

  it('refuses a technician', async () => {
    const tech = await signSession({ role: 'technician', sub: 'usr_theo' });
    const res = await t.request('/api/v1/connection/authorize', {
      method: 'POST',
      token: tech,
      body: JSON.stringify({ returnTo: 'http://host.test:5173/x' }),
    });
    expect(res.status).toBe(403);
  });

  it('revokes the grant at Intuit on disconnect, and reconnecting the same company restores the link', async () => {
    await connectVia(t, owner, ACME);
    const res = await t.request('/api/v1/connection/disconnect', { method: 'POST', token: owner });
    expect(res.status).toBe(200);
    expect((await grants(qbo, ACME)).map((g) => g.status)).toEqual(['revoked']);
    expect((await status()).state).toBe('disconnected');
    const again = await connectVia(t, owner, ACME);
    expect(again.location?.searchParams.get('qbo_connected')).toBe('1');
    const audit = AuditResponse.parse(await (await t.request('/api/v1/audit', { token: owner })).json());
    expect(audit.entries.map((e) => e.action)).toEqual(['connect', 'disconnect', 'connect']);
  });

  it('marks the connection needs_reconnect when the grant is revoked inside QuickBooks, and a reconnect cures it', async () => {
    await connectVia(t, owner, ACME);
    await fetch(`${qbo.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ realmId: ACME, revokeTokens: true }),
    });
    clock.advance(61 * 60 * 1000);
    const result = await t.bff.services.tokens.getAccessToken('ten_summit');
    expect(result).toMatchObject({ ok: false, error: { code: 'qbo_reauth_required' } });
    owner = await ownerNow();
    expect(await status()).toMatchObject({ state: 'needs_reconnect' });
    expect((await status()).reason).toMatch(/Reconnect/);
    await connectVia(t, owner, ACME);
    expect((await status()).state).toBe('connected');
    const audit = AuditResponse.parse(await (await t.request('/api/v1/audit', { token: owner })).json());
    expect(audit.entries.map((e) => e.action)).toEqual(['reconnect', 'needs_reconnect', 'connect']);
  });

  it('stages a switch to another company and swaps it on confirm, revoking the old grant', async () => {
    await connectVia(t, owner, ACME);
    const { location } = await connectVia(t, owner, BAYSIDE);
    expect(location?.searchParams.get('qbo_pending_switch')).toBe('1');
    expect((await status()).pendingSwitch?.to.name).toBe('Bayside Plumbing Co (Sandbox)');
    const res = await t.request('/api/v1/connection/switch', {
      method: 'POST',
      token: owner,
      body: JSON.stringify({ confirm: true }),
    });
    expect(res.status).toBe(200);
    expect((await status()).company?.realmId).toBe(BAYSIDE);
    expect((await grants(qbo, ACME)).map((g) => g.status)).toEqual(['revoked']);
    expect((await grants(qbo, BAYSIDE)).map((g) => g.status)).toEqual(['active']);
  });

  it('never puts a token in a log line, a response, or the database in the clear', async () => {
    await connectVia(t, owner, ACME);
    clock.advance(61 * 60 * 1000);
    expect((await t.bff.services.tokens.getAccessToken('ten_summit')).ok).toBe(true);
    owner = await ownerNow();
    await t.request('/api/v1/connection', { token: owner });
    await t.request('/api/v1/audit', { token: owner });
    const { rows } = await t.bff.database.query<{ dump: string }>(
      `SELECT (SELECT coalesce(string_agg(c::text, '|'), '') FROM connections c) ||
              (SELECT coalesce(string_agg(p::text, '|'), '') FROM pending_switches p) ||
              (SELECT coalesce(string_agg(a::text, '|'), '') FROM audit_log a) AS dump`,
    );
    const disconnect = await t.request('/api/v1/connection/disconnect', { method: 'POST', token: owner });
    expect(disconnect.status).toBe(200);

    const secrets = [...t.intuit.seen];
    // Two access tokens and the refresh token (Intuit hands the same refresh token back for ~24 h).
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    expect(t.intuit.refreshCount()).toBe(1);
    const haystacks = {
      logs: t.lines.join('\n'),
      responses: t.bodies.join('\n'),
      database: rows[0]?.dump ?? '',
    };
    expect(haystacks.database).toContain('v1.k1.');
    for (const [where, text] of Object.entries(haystacks)) {
      for (const secret of secrets) expect(text.includes(secret), `a token appeared in ${where}`).toBe(false);
      expect(text.includes(DEFAULT_APP.clientSecret), `the client secret appeared in ${where}`).toBe(false);
    }
    expect(t.lines.length).toBeGreaterThan(5);
  });
});

const twoInstanceEngines = [
  {
    name: 'PostgreSQL (DATABASE_URL)',
    skip: !POSTGRES_URL,
    async open() {
      const schema = await createPostgresSchema(POSTGRES_URL as string);
      return { a: schema.open(), b: schema.open(), drop: () => schema.drop() };
    },
  },
  {
    // Without a server, two instances share one PGlite handle: the lease logic is the same, only the
    // in-process single-flight maps are separate.
    name: 'one shared PGlite',
    skip: false,
    async open() {
      const db = await freshPglite();
      const noClose: Database = { ...db, close: async () => undefined };
      return { a: db, b: noClose, drop: () => db.close() };
    },
  },
];
if (!POSTGRES_URL) console.warn('PostgreSQL two-instance refresh test skipped: DATABASE_URL not set');

for (const engine of twoInstanceEngines) {
  describe.skipIf(engine.skip)(`two BFF instances on ${engine.name}`, () => {
    let qbo: RunningQboSandbox;
    const clock = createControllableClock();
    let one: Instance;
    let two: Instance;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      qbo = await startQboSandbox({
        port: 0,
        throttling: false,
        clock,
        apps: [{ ...DEFAULT_APP, redirectUris: [REDIRECT_URI] }],
        // Strictest rotation: every refresh returns a new refresh token and the old one dies at once, so
        // any double refresh shows up as invalid_grant.
        refreshTokenRotationMs: 0,
        refreshTokenGraceMs: 0,
      });
      const dbs = await engine.open();
      drop = dbs.drop;
      one = await startInstance(qbo.url, clock, dbs.a, 'instance-one');
      two = await startInstance(qbo.url, clock, dbs.b, 'instance-two');
    });
    afterAll(async () => {
      await one?.bff.close();
      await two?.bff.close();
      await drop?.();
      await qbo?.close();
    });

    it('refreshes exactly once per company for many parallel getAccessToken calls across an expiry', async () => {
      await connectVia(one, await signSession(), ACME);
      await connectVia(two, await signSession({ tid: 'ten_northwind', sub: 'usr_nora' }), BAYSIDE);
      clock.advance(61 * 60 * 1000);
      const tenants = ['ten_summit', 'ten_northwind'];
      const calls = Array.from({ length: 60 }, (_, i) => {
        const instance = i % 2 === 0 ? one : two;
        return instance.bff.services.tokens.getAccessToken(tenants[i % 4 < 2 ? 0 : 1] as string);
      });
      const results = await Promise.all(calls);
      const failures = results.filter((r) => !r.ok);
      expect(failures).toEqual([]);
      expect(one.intuit.refreshCount() + two.intuit.refreshCount()).toBe(2);
      const byTenant = new Map<string, Set<string>>();
      for (const r of results) {
        if (!r.ok) continue;
        const set = byTenant.get(r.value.realmId) ?? new Set();
        set.add(r.value.accessToken);
        byTenant.set(r.value.realmId, set);
      }
      expect([...byTenant.values()].map((s) => s.size)).toEqual([1, 1]);
      // The refreshed tokens really work at QuickBooks, and no grant was lost to invalid_grant.
      for (const [realmId, set] of byTenant) {
        const info = await nodeQuickBooksApi(one.bff.config.qbo).getCompanyInfo({
          realmId,
          accessToken: [...set][0] as string,
        });
        expect(info.ok).toBe(true);
      }
      expect((await grants(qbo, ACME)).map((g) => g.status)).toEqual(['active']);
      expect((await grants(qbo, BAYSIDE)).map((g) => g.status)).toEqual(['active']);
      // A second expiry: still one refresh each.
      clock.advance(61 * 60 * 1000);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? one : two).bff.services.tokens.getAccessToken('ten_summit'),
        ),
      );
      expect(one.intuit.refreshCount() + two.intuit.refreshCount()).toBe(3);
    });
  });
}
