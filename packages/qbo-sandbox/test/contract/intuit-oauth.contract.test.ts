/**
 * The real intuit-oauth 4.2.5 client, unchanged, against the sandbox's OAuth server — and, with
 * credentials in the environment, the non-interactive part against real Intuit.
 */
import OAuthClient from 'intuit-oauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQboSandbox, type RunningQboSandbox } from '../../src/server.ts';
import { consentWithFetch } from '../support/consent-flow.ts';
import { hasRealIntuit, pointClientsAt, realIntuit, SKIP_REAL_REASON } from './target.ts';

const REDIRECT = 'http://localhost:8787/api/v1/oauth/callback';
const CLIENT = {
  clientId: 'exoserva-dev-client',
  clientSecret: 'exoserva-dev-secret',
  redirectUri: REDIRECT,
};

describe('intuit-oauth against the qbo-sandbox', () => {
  let server: RunningQboSandbox;
  let client: OAuthClient;
  let firstRefreshToken: string;

  beforeAll(async () => {
    server = await startQboSandbox({ port: 0 });
    pointClientsAt(server.url);
    client = new OAuthClient({ environment: 'sandbox', ...CLIENT });
  });
  afterAll(async () => {
    await server.close();
  });

  it('authorizes through the consent page and exchanges the code with createToken', async () => {
    const authorizeUrl = client.authorizeUri({
      scope: [
        OAuthClient.scopes.Accounting,
        OAuthClient.scopes.OpenId,
        OAuthClient.scopes.Profile,
        OAuthClient.scopes.Email,
      ],
      state: 'contract-state',
    });
    expect(authorizeUrl.startsWith(`${server.url}/connect/oauth2?`)).toBe(true);
    const callback = await consentWithFetch(authorizeUrl, { realmId: '9341452' });
    expect(new URL(callback).searchParams.get('state')).toBe('contract-state');

    const response = await client.createToken(callback);
    const token = client.getToken();
    expect(token.realmId).toBe('9341452');
    expect(token.access_token).toBeTruthy();
    expect(token.expires_in).toBe(3600);
    expect(token.x_refresh_token_expires_in).toBe(8726400);
    expect(client.isAccessTokenValid()).toBe(true);
    expect(response.json).toMatchObject({ token_type: 'bearer' });
    firstRefreshToken = token.refresh_token;
  });

  it('validates the id_token against the JWKS', async () => {
    await expect(client.validateIdToken()).resolves.toBe(true);
  });

  it('reads userinfo with the access token', async () => {
    const info = await client.getUserInfo();
    expect(info.json).toMatchObject({ email: 'admin@sandbox.test', givenName: 'Sam' });
  });

  it('calls the Accounting API through makeApiCall', async () => {
    const res = await client.makeApiCall({
      url: `${server.url}/v3/company/9341452/companyinfo/9341452?minorversion=75`,
      method: 'GET',
    });
    expect(res.json).toMatchObject({ CompanyInfo: { CompanyName: 'Acme Heating & Air (Sandbox)' } });
  });

  it('refreshes and gets the same refresh token back within the rotation period', async () => {
    const before = client.getToken().access_token;
    await client.refresh();
    expect(client.getToken().refresh_token).toBe(firstRefreshToken);
    expect(client.getToken().access_token).not.toBe(before);
  });

  it('gets a new refresh token once the rotation period has passed', async () => {
    server.sandbox.clock.advance(24 * 3_600_000);
    await client.refresh();
    expect(client.getToken().refresh_token).not.toBe(firstRefreshToken);
    await expect(client.refreshUsingToken(firstRefreshToken)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    server.sandbox.clock.reset();
  });

  it('opts in to the hard expiry with includeRefreshTokenHardExpiresIn', async () => {
    const optIn = new OAuthClient({
      environment: 'sandbox',
      ...CLIENT,
      includeRefreshTokenHardExpiresIn: true,
    });
    const res = await optIn.refreshUsingToken(client.getToken().refresh_token);
    expect(res.json.x_refresh_token_hard_expires_in).toBeGreaterThan(8726400);
    client.setToken({ ...client.getToken(), ...optIn.getToken(), realmId: '9341452' });
  });

  it('revokes, after which the refresh token gives invalid_grant', async () => {
    const refreshToken = client.getToken().refresh_token;
    await client.revoke({ refresh_token: refreshToken });
    await expect(client.refreshUsingToken(refreshToken)).rejects.toMatchObject({
      error: 'invalid_grant',
      intuit_tid: expect.any(String),
    });
  });
});

if (!hasRealIntuit) console.warn(SKIP_REAL_REASON);

describe.skipIf(!hasRealIntuit)('intuit-oauth against real Intuit (non-interactive)', () => {
  let client: OAuthClient;

  beforeAll(() => {
    pointClientsAt(undefined);
    client = new OAuthClient({
      environment: 'sandbox',
      clientId: realIntuit.clientId as string,
      clientSecret: realIntuit.clientSecret as string,
      redirectUri: REDIRECT,
    });
  });

  it('refreshes with the given refresh token', async () => {
    const res = await client.refreshUsingToken(realIntuit.refreshToken as string);
    expect(res.json).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    if (client.getToken().refresh_token !== realIntuit.refreshToken) {
      console.warn(
        `Intuit rotated the refresh token; use this one next time: ${client.getToken().refresh_token}`,
      );
    }
  });

  it('calls CompanyInfo through makeApiCall', async () => {
    const res = await client.makeApiCall({
      url: `https://sandbox-quickbooks.api.intuit.com/v3/company/${realIntuit.realmId}/companyinfo/${realIntuit.realmId}?minorversion=75`,
      method: 'GET',
    });
    expect(res.json).toHaveProperty('CompanyInfo.CompanyName');
  });
});
