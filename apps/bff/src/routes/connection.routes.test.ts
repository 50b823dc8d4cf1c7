import {
  AuditResponse,
  ConnectionActionResponse,
  ConnectionStatusResponse,
  ErrorEnvelope,
} from '@exoserva/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOST_ORIGIN, signSession } from '../../test/support/env.ts';
import { createTestBff, type TestBff } from '../../test/support/harness.ts';
import { authorizeFlow, beginFlow, callback, RETURN_TO } from '../../test/support/oauth-flow.ts';

const REALM_1 = '9130350000001';
const REALM_2 = '9130350000002';

let t: TestBff;
let owner: string;
beforeEach(async () => {
  t = await createTestBff();
  owner = await signSession();
});
afterEach(async () => {
  await t.close();
});

async function status(token = owner) {
  const res = await t.request('/api/v1/connection', { token });
  expect(res.status).toBe(200);
  return ConnectionStatusResponse.parse(await res.json());
}

async function connect(realmId = REALM_1, token = owner) {
  const flow = await beginFlow(t.request, token);
  const code = t.intuit.grantCode(realmId);
  return callback(t.request, { code, state: flow.state, realmId }, flow.cookie);
}

const countRows = async (table: string) =>
  Number(
    (await t.bff.database.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${table}`)).rows[0]?.n,
  );

describe('connecting', () => {
  it('connects through authorize → start → Intuit → callback and lands back on returnTo', async () => {
    const flow = await beginFlow(t.request, owner);
    expect(flow.intuitUrl.origin).toBe('https://intuit.test');
    expect(flow.ticketUrl.origin).toBe('http://bff.test:8787');
    const { res, location } = await callback(
      t.request,
      { code: t.intuit.grantCode(REALM_1), state: flow.state, realmId: REALM_1 },
      flow.cookie,
    );
    expect(res.status).toBe(302);
    expect(location?.origin).toBe(HOST_ORIGIN);
    expect(location?.searchParams.get('qbo_connected')).toBe('1');
    expect(location?.searchParams.get('step')).toBe('connect');
    expect(res.headers.get('set-cookie')).toMatch(/exo_qbo_oauth=;/);
    const s = await status();
    expect(s).toMatchObject({
      state: 'connected',
      company: { realmId: REALM_1, name: 'Summit HVAC Books' },
      reason: null,
    });
    expect(s.hardExpiresAt).not.toBeNull();
    const audit = AuditResponse.parse(await (await t.request('/api/v1/audit', { token: owner })).json());
    expect(audit.entries[0]).toMatchObject({
      action: 'connect',
      actor: { userId: 'usr_olivia', name: 'Olivia Owner', role: 'owner' },
      company: { realmId: REALM_1, name: 'Summit HVAC Books' },
    });
  });

  it('reports consent denied and stores nothing', async () => {
    const flow = await beginFlow(t.request, owner);
    const { location } = await callback(
      t.request,
      { error: 'access_denied', state: flow.state },
      flow.cookie,
    );
    expect(location?.searchParams.get('qbo_error')).toBe('oauth_denied');
    expect((await status()).state).toBe('disconnected');
    expect(t.intuit.calls.exchange).toBe(0);
  });

  it('refuses a callback without state, or with an unknown state, sending the browser to the QuickBooks view', async () => {
    await beginFlow(t.request, owner);
    const attempts: Record<string, string>[] = [
      { code: 'c', realmId: REALM_1 },
      { code: 'c', realmId: REALM_1, state: 'forged-state' },
    ];
    for (const params of attempts) {
      const { location } = await callback(t.request, params);
      expect(location?.toString()).toMatch(`${HOST_ORIGIN}/settings/integrations/quickbooks?`);
      expect(location?.searchParams.get('qbo_error')).toBe('oauth_state_invalid');
    }
    expect(t.intuit.calls.exchange).toBe(0);
  });

  it('refuses a callback whose browser cookie is missing or tampered (login CSRF)', async () => {
    const flow = await beginFlow(t.request, owner);
    const code = t.intuit.grantCode(REALM_1);
    const missing = await callback(t.request, { code, state: flow.state, realmId: REALM_1 });
    expect(missing.location?.searchParams.get('qbo_error')).toBe('oauth_state_invalid');
    const tampered = await callback(
      t.request,
      { code, state: flow.state, realmId: REALM_1 },
      `${flow.cookie}x`,
    );
    expect(tampered.location?.searchParams.get('qbo_error')).toBe('oauth_state_invalid');
    expect(t.intuit.calls.exchange).toBe(0);
    // The real browser can still finish its own flow.
    const ok = await callback(t.request, { code, state: flow.state, realmId: REALM_1 }, flow.cookie);
    expect(ok.location?.searchParams.get('qbo_connected')).toBe('1');
  });

  it('refuses an expired flow', async () => {
    const flow = await beginFlow(t.request, owner);
    t.clock.advance(11 * 60 * 1000);
    const { location } = await callback(
      t.request,
      { code: t.intuit.grantCode(REALM_1), state: flow.state, realmId: REALM_1 },
      flow.cookie,
    );
    expect(location?.searchParams.get('qbo_error')).toBe('oauth_state_invalid');
    expect(t.intuit.calls.exchange).toBe(0);
  });

  it('refuses a replayed callback and exchanges the code once, even when replayed concurrently', async () => {
    const flow = await beginFlow(t.request, owner);
    const params = { code: t.intuit.grantCode(REALM_1), state: flow.state, realmId: REALM_1 };
    const results = await Promise.all([1, 2, 3].map(() => callback(t.request, params, flow.cookie)));
    const outcomes = results.map(
      (r) => r.location?.searchParams.get('qbo_connected') ?? r.location?.searchParams.get('qbo_error'),
    );
    expect(outcomes.sort()).toEqual(['1', 'oauth_state_invalid', 'oauth_state_invalid']);
    expect(t.intuit.calls.exchange).toBe(1);
    const again = await callback(t.request, params, flow.cookie);
    expect(again.location?.searchParams.get('qbo_error')).toBe('oauth_state_invalid');
    expect(t.intuit.calls.exchange).toBe(1);
  });

  it('uses a start ticket once', async () => {
    const flow = await beginFlow(t.request, owner);
    const again = await t.request(`${flow.ticketUrl.pathname}${flow.ticketUrl.search}`, {
      redirect: 'manual',
      headers: { cookie: flow.cookie },
    });
    expect(again.status).toBe(302);
    expect(new URL(again.headers.get('location') as string).searchParams.get('qbo_error')).toBe(
      'oauth_state_invalid',
    );
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('connects nothing when the link is opened in another browser (issue 22: a link sent to someone else)', async () => {
    const { ticketUrl, cookie } = await authorizeFlow(t.request, owner);
    const link = `${ticketUrl.pathname}${ticketUrl.search}`;
    // The victim's browser: no cookie, or a cookie of a flow of its own.
    const other = await authorizeFlow(t.request, await signSession({ tid: 'ten_other', sub: 'usr_x' }));
    const browsers: Record<string, string>[] = [
      {},
      { cookie: other.cookie },
      { cookie: 'exo_qbo_oauth=forged' },
    ];
    for (const headers of browsers) {
      const res = await t.request(link, { redirect: 'manual', headers });
      expect(res.status).toBe(403);
      expect(res.headers.get('location')).toBeNull();
      const page = await res.text();
      expect(page).toContain('Nothing was connected');
      expect(page).toContain('made for another browser');
      expect(page).not.toContain('intuit.test');
    }
    expect(
      (
        await t.bff.database.query(
          'SELECT count(*)::integer AS n FROM oauth_states WHERE ticket_used_at IS NOT NULL',
        )
      ).rows[0],
    ).toEqual({ n: 0 });
    expect(t.lines.some((l) => l.includes('"oauth.start_refused"') && l.includes('"foreign_browser"'))).toBe(
      true,
    );
    // The admin's own browser still can.
    const own = await t.request(link, { redirect: 'manual', headers: { cookie } });
    expect(own.status).toBe(302);
    expect(new URL(own.headers.get('location') as string).origin).toBe('https://intuit.test');
  });

  it('lets only the host’s pages fetch authorize with credentials, and no other endpoint', async () => {
    const preflight = (path: string, origin: string) =>
      t.request(path, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      });
    const ok = await preflight('/api/v1/connection/authorize', HOST_ORIGIN);
    expect(ok.headers.get('access-control-allow-origin')).toBe(HOST_ORIGIN);
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    const evil = await preflight('/api/v1/connection/authorize', 'https://evil.test');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    // (Hono says allow-credentials to anyone; without allow-origin the browser refuses the answer all the same.)
    const other = await preflight('/api/v1/connection/disconnect', HOST_ORIGIN);
    expect(other.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses a returnTo outside the allow-list', async () => {
    const res = await t.request('/api/v1/connection/authorize', {
      method: 'POST',
      token: owner,
      body: JSON.stringify({ returnTo: 'https://evil.test/steal', mode: 'redirect' }),
    });
    expect(res.status).toBe(400);
    expect(ErrorEnvelope.parse(await res.json()).error.code).toBe('validation_failed');
    expect(await countRows('oauth_states')).toBe(0);
  });

  it('answers a code Intuit rejects with oauth_code_invalid and stores nothing', async () => {
    const flow = await beginFlow(t.request, owner);
    const { location } = await callback(
      t.request,
      { code: 'made-up', state: flow.state, realmId: REALM_1 },
      flow.cookie,
    );
    expect(location?.searchParams.get('qbo_error')).toBe('oauth_code_invalid');
    expect(await countRows('connections')).toBe(0);
  });

  it('answers Intuit being unreachable with qbo_unavailable and stores nothing', async () => {
    const flow = await beginFlow(t.request, owner);
    t.intuit.failNext('exchange', { kind: 'unavailable', message: 'down' });
    const { location } = await callback(
      t.request,
      { code: t.intuit.grantCode(REALM_1), state: flow.state, realmId: REALM_1 },
      flow.cookie,
    );
    expect(location?.searchParams.get('qbo_error')).toBe('qbo_unavailable');
    expect(await countRows('connections')).toBe(0);
  });

  it('revokes the fresh tokens when CompanyInfo fails, storing nothing', async () => {
    const flow = await beginFlow(t.request, owner);
    t.qbo.failNext({ kind: 'unavailable', message: 'down', status: 503 });
    const { location } = await callback(
      t.request,
      { code: t.intuit.grantCode(REALM_1), state: flow.state, realmId: REALM_1 },
      flow.cookie,
    );
    expect(location?.searchParams.get('qbo_error')).toBe('qbo_unavailable');
    expect(t.intuit.calls.revoke).toBe(1);
    expect(t.intuit.liveRefreshTokens()).toEqual([]);
    expect(await countRows('connections')).toBe(0);
  });

  it('refuses a company already connected to another tenant, leaving that tenant connected', async () => {
    await connect(REALM_1);
    const other = await signSession({ tid: 'ten_northwind', sub: 'usr_nora', name: 'Nora' });
    const { location } = await connect(REALM_1, other);
    expect(location?.searchParams.get('qbo_error')).toBe('company_connected_elsewhere');
    expect((await status(other)).state).toBe('disconnected');
    expect((await status()).state).toBe('connected');
    expect((await t.bff.services.tokens.getAccessToken('ten_summit')).ok).toBe(true);
  });

  it('refuses a technician on every connection endpoint', async () => {
    const tech = await signSession({ role: 'technician', sub: 'usr_theo' });
    for (const [method, path] of [
      ['GET', '/api/v1/connection'],
      ['POST', '/api/v1/connection/authorize'],
      ['POST', '/api/v1/connection/switch'],
      ['DELETE', '/api/v1/connection/switch'],
      ['POST', '/api/v1/connection/disconnect'],
      ['GET', '/api/v1/audit'],
    ] as const) {
      const res = await t.request(path, { method, token: tech, body: method === 'POST' ? '{}' : null });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
  });

  it('renders a popup page that posts the outcome to the opener at returnTo’s origin only', async () => {
    const flow = await beginFlow(t.request, owner, { mode: 'popup' });
    const { res } = await callback(
      t.request,
      { code: t.intuit.grantCode(REALM_1), state: flow.state, realmId: REALM_1 },
      flow.cookie,
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('"type":"exoserva-qbo-oauth","outcome":"connected"');
    expect(html).toContain(`postMessage(m,"${HOST_ORIGIN}")`);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'nonce-/);
  });
});

describe('switching company', () => {
  it('stages a different company as a pending switch, then swaps on confirm and revokes the old tokens', async () => {
    await connect(REALM_1);
    const oldAccess = (await t.bff.services.tokens.getAccessToken('ten_summit')) as {
      ok: true;
      value: { accessToken: string };
    };
    const { location } = await connect(REALM_2);
    expect(location?.searchParams.get('qbo_pending_switch')).toBe('1');
    const pending = await status();
    expect(pending.company?.realmId).toBe(REALM_1);
    expect(pending.pendingSwitch).toMatchObject({
      from: { realmId: REALM_1 },
      to: { realmId: REALM_2, name: 'Summit Second Co' },
      linkedRecords: 0,
    });

    const refused = await t.request('/api/v1/connection/switch', {
      method: 'POST',
      token: owner,
      body: '{}',
    });
    expect(refused.status).toBe(400);

    const res = await t.request('/api/v1/connection/switch', {
      method: 'POST',
      token: owner,
      body: JSON.stringify({ confirm: true }),
    });
    expect(res.status).toBe(200);
    const body = ConnectionActionResponse.parse(await res.json());
    expect(body.connection).toMatchObject({
      state: 'connected',
      company: { realmId: REALM_2 },
      pendingSwitch: null,
    });
    expect(body.message).toMatch(/stay with Summit HVAC Books/);
    expect(t.intuit.isAccessLive(oldAccess.value.accessToken)).toBe(false);
    const audit = AuditResponse.parse(await (await t.request('/api/v1/audit', { token: owner })).json());
    expect(audit.entries[0]).toMatchObject({ action: 'switch', company: { realmId: REALM_2 } });
  });

  it('cancels a pending switch, revoking the new company’s tokens', async () => {
    await connect(REALM_1);
    await connect(REALM_2);
    const res = await t.request('/api/v1/connection/switch', { method: 'DELETE', token: owner });
    expect(res.status).toBe(200);
    expect(ConnectionActionResponse.parse(await res.json()).connection).toMatchObject({
      company: { realmId: REALM_1 },
      pendingSwitch: null,
    });
    expect(t.intuit.calls.revoke).toBe(1);
    expect((await t.request('/api/v1/connection/switch', { method: 'DELETE', token: owner })).status).toBe(
      404,
    );
  });

  it('lets a pending switch expire', async () => {
    await connect(REALM_1);
    await connect(REALM_2);
    t.clock.advance(11 * 60 * 1000);
    expect((await status()).pendingSwitch).toBeNull();
    const res = await t.request('/api/v1/connection/switch', {
      method: 'POST',
      token: owner,
      body: JSON.stringify({ confirm: true }),
    });
    expect(res.status).toBe(404);
    expect(await t.bff.services.connections.cleanup()).toMatchObject({ pendingExpired: 1 });
    expect(t.intuit.calls.revoke).toBe(1);
  });
});

describe('disconnecting and reconnecting', () => {
  it('revokes at Intuit, deletes the tokens, keeps the company link and audits', async () => {
    await connect(REALM_1);
    const res = await t.request('/api/v1/connection/disconnect', { method: 'POST', token: owner });
    expect(res.status).toBe(200);
    expect(ConnectionActionResponse.parse(await res.json()).connection.state).toBe('disconnected');
    expect(t.intuit.liveRefreshTokens()).toEqual([]);
    const row = (await t.bff.database.query<Record<string, unknown>>('SELECT * FROM connections')).rows[0];
    expect(row).toMatchObject({
      realm_id: REALM_1,
      status: 'disconnected',
      access_token_enc: null,
      refresh_token_enc: null,
      revoke_error: null,
    });
    const sync = await t.bff.services.tokens.getAccessToken('ten_summit');
    expect(sync).toMatchObject({ ok: false, error: { code: 'qbo_reauth_required' } });
  });

  it('records a revoke that failed and still disconnects', async () => {
    await connect(REALM_1);
    t.intuit.failNext('revoke', { kind: 'unavailable', message: 'Intuit could not be reached' });
    const res = await t.request('/api/v1/connection/disconnect', { method: 'POST', token: owner });
    const body = ConnectionActionResponse.parse(await res.json());
    expect(body.connection.state).toBe('disconnected');
    expect(body.message).toMatch(/could not be reached/);
    const row = (await t.bff.database.query<Record<string, unknown>>('SELECT revoke_error FROM connections'))
      .rows[0];
    expect(row?.revoke_error).toBe('Intuit could not be reached');
    const audit = AuditResponse.parse(await (await t.request('/api/v1/audit', { token: owner })).json());
    expect(audit.entries[0]?.detail).toMatch(/could not be reached/);
  });

  it('restores the link when the same company is connected again', async () => {
    await connect(REALM_1);
    await t.request('/api/v1/connection/disconnect', { method: 'POST', token: owner });
    const { location } = await connect(REALM_1);
    expect(location?.searchParams.get('qbo_connected')).toBe('1');
    expect((await status()).company?.realmId).toBe(REALM_1);
    const audit = AuditResponse.parse(await (await t.request('/api/v1/audit', { token: owner })).json());
    expect(audit.entries.map((e) => e.action)).toEqual(['connect', 'disconnect', 'connect']);
    expect(audit.entries[0]?.detail).toMatch(/earlier record links/);
  });

  it('reconnects a connection that needs it and audits a reconnect', async () => {
    await connect(REALM_1);
    await t.bff.services.tokens.markNeedsReconnect('ten_summit', 'Access was revoked in QuickBooks.');
    expect(await status()).toMatchObject({
      state: 'needs_reconnect',
      reason: 'Access was revoked in QuickBooks.',
    });
    await connect(REALM_1);
    expect((await status()).state).toBe('connected');
    const audit = AuditResponse.parse(await (await t.request('/api/v1/audit', { token: owner })).json());
    expect(audit.entries.map((e) => e.action)).toEqual(['reconnect', 'needs_reconnect', 'connect']);
  });

  it('sends Intuit’s Reconnect URL to the host’s QuickBooks view', async () => {
    const res = await t.request('/api/v1/oauth/reconnect', { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(
      `${HOST_ORIGIN}/settings/integrations/quickbooks?qbo_reconnect=1`,
    );
  });

  it('keeps one tenant’s view away from another’s', async () => {
    await connect(REALM_1);
    const other = await signSession({ tid: 'ten_northwind', sub: 'usr_nora' });
    expect((await status(other)).state).toBe('disconnected');
    const audit = AuditResponse.parse(await (await t.request('/api/v1/audit', { token: other })).json());
    expect(audit.entries).toEqual([]);
    expect(RETURN_TO).toContain(HOST_ORIGIN);
  });
});
