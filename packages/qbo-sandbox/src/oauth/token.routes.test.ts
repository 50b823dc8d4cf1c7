import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentWithFetch } from '../../test/support/consent-flow.ts';
import { startQboSandbox, type RunningQboSandbox } from '../server.ts';

const CALLBACK = 'http://localhost:8787/api/v1/oauth/callback';
const BASIC = `Basic ${Buffer.from('exoserva-dev-client:exoserva-dev-secret').toString('base64')}`;

let server: RunningQboSandbox;

beforeAll(async () => {
  server = await startQboSandbox({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

async function authorize(scope = 'com.intuit.quickbooks.accounting openid profile email'): Promise<URL> {
  const url = `${server.url}/connect/oauth2?client_id=exoserva-dev-client&redirect_uri=${encodeURIComponent(CALLBACK)}&response_type=code&scope=${encodeURIComponent(scope)}&state=s1`;
  return new URL(await consentWithFetch(url));
}

async function tokenCall(form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/oauth2/v1/tokens/bearer`, {
    method: 'POST',
    headers: {
      authorization: BASIC,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

async function exchange(callback: URL, headers: Record<string, string> = {}) {
  return tokenCall(
    {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') as string,
      redirect_uri: CALLBACK,
    },
    headers,
  );
}

describe('the token endpoint', () => {
  it('exchanges a code for Intuit-shaped tokens, with intuit_tid', async () => {
    const res = await exchange(await authorize());
    expect(res.status).toBe(200);
    expect(res.headers.get('intuit_tid')).toMatch(/^1-/);
    expect(res.body).toMatchObject({
      token_type: 'bearer',
      expires_in: 3600,
      x_refresh_token_expires_in: 8726400,
    });
    expect(String(res.body.access_token).length).toBeGreaterThan(800);
    expect(res.body).not.toHaveProperty('x_refresh_token_hard_expires_in');
  });

  it('answers 401 invalid_client to bad Basic credentials', async () => {
    const callback = await authorize();
    const res = await exchange(callback, {
      authorization: `Basic ${Buffer.from('exoserva-dev-client:nope').toString('base64')}`,
    });
    expect(res).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const none = await exchange(callback, { authorization: '' });
    expect(none.status).toBe(401);
  });

  it('refuses a second exchange of the same code with invalid_grant', async () => {
    const callback = await authorize();
    expect((await exchange(callback)).status).toBe(200);
    expect(await exchange(callback)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a code exchanged with a different redirect_uri', async () => {
    const callback = await authorize();
    const res = await tokenCall({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') as string,
      redirect_uri: 'http://localhost:8787/other',
    });
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('adds the hard expiry only when the opt-in header is sent', async () => {
    const res = await exchange(await authorize(), { 'x-include-refresh-token-hard-expires-in': 'true' });
    expect(res.body.x_refresh_token_hard_expires_in).toBe(5 * 365 * 86_400);
  });

  it('refreshes with the same refresh token inside the rotation period', async () => {
    const first = await exchange(await authorize());
    const refreshed = await tokenCall({
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token as string,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBe(first.body.refresh_token);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    const bad = await tokenCall({ grant_type: 'refresh_token', refresh_token: 'RT1-00-H0-bad' });
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('signs an id_token that verifies against the JWKS with Intuit claims', async () => {
    const res = await exchange(await authorize());
    const jwks = createRemoteJWKSet(new URL(`${server.url}/op/v1/jwks`));
    const { payload, protectedHeader } = await jwtVerify(res.body.id_token as string, jwks, {
      issuer: 'https://oauth.platform.intuit.com/op/v1',
      audience: 'exoserva-dev-client',
      currentDate: new Date(server.sandbox.clock.now()),
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256' });
    expect(protectedHeader.kid).toBeTruthy();
    expect(Array.isArray(payload.aud)).toBe(true);
    expect(payload).toMatchObject({ realmid: '9341452', sub: expect.any(String) });
    expect(payload.auth_time).toEqual(expect.any(Number));
    expect((payload.exp as number) - (payload.iat as number)).toBe(3600);
  });

  it('leaves out the id_token without the openid scope', async () => {
    const res = await exchange(await authorize('com.intuit.quickbooks.accounting'));
    expect(res.body).not.toHaveProperty('id_token');
  });

  it('answers userinfo for a bearer token with openid scope', async () => {
    const res = await exchange(await authorize());
    const info = await fetch(`${server.url}/v1/openid_connect/userinfo`, {
      headers: { authorization: `Bearer ${res.body.access_token as string}`, accept: 'application/json' },
    });
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({
      email: 'admin@sandbox.test',
      emailVerified: true,
      givenName: 'Sam',
    });
    const anonymous = await fetch(`${server.url}/v1/openid_connect/userinfo`);
    expect(anonymous.status).toBe(401);
  });
});

describe('the revoke endpoint', () => {
  async function revoke(body: string, contentType: string, authorization = BASIC) {
    return fetch(`${server.url}/v2/oauth2/tokens/revoke`, {
      method: 'POST',
      headers: { authorization, 'content-type': contentType, accept: 'application/json' },
      body,
    });
  }

  it('revokes a refresh token sent as JSON (intuit-oauth) and everything of its grant', async () => {
    const tokens = await exchange(await authorize());
    const res = await revoke(JSON.stringify({ token: tokens.body.refresh_token }), 'application/json');
    expect(res.status).toBe(200);
    const refresh = await tokenCall({
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token as string,
    });
    expect(refresh).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const api = await fetch(`${server.url}/v3/company/9341452/companyinfo/9341452`, {
      headers: { authorization: `Bearer ${tokens.body.access_token as string}` },
    });
    expect(api.status).toBe(401);
  });

  it('revokes an access token sent as a form (node-quickbooks)', async () => {
    const tokens = await exchange(await authorize());
    const res = await revoke(
      new URLSearchParams({ token: tokens.body.access_token as string }).toString(),
      'application/x-www-form-urlencoded',
    );
    expect(res.status).toBe(200);
    const refresh = await tokenCall({
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token as string,
    });
    expect(refresh.status).toBe(400);
    const grants = server.sandbox.tokens.list({ realmId: '9341452' });
    expect(grants.some((g) => g.status === 'revoked')).toBe(true);
  });

  it('needs client credentials', async () => {
    const res = await revoke(JSON.stringify({ token: 'x' }), 'application/json', 'Basic bm9wZTpub3Bl');
    expect(res.status).toBe(401);
  });
});
