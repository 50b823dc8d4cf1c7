/**
 * Intuit's token, revoke, JWKS and userinfo endpoints, as intuit-oauth 4.2.5 and node-quickbooks 2.0.50
 * call them (REFERENCE §1.3–1.6, wire-capture.txt).
 */
import { Hono, type Context } from 'hono';
import type { Clock } from '../clock.ts';
import type { FaultInjector } from '../faults/fault-injector.ts';
import { dropConnection, type SandboxEnv } from '../gateway/drop-connection.ts';
import type { AppRegistration, AppRegistry } from './apps.ts';
import type { GrantStore, OAuthFailure, TokenIssue } from './grant-store.ts';
import type { SigningKey } from './signing-key.ts';
import { findUserBySub } from './users.ts';

export interface TokenRoutesDeps {
  clock: Clock;
  apps: AppRegistry;
  grants: GrantStore;
  signingKey: SigningKey;
  faults: FaultInjector;
}

export interface TokenResponseBody {
  token_type: 'bearer';
  access_token: string;
  refresh_token: string;
  expires_in: number;
  x_refresh_token_expires_in: number;
  x_refresh_token_hard_expires_in?: number;
  id_token?: string;
}

/** The JSON the token endpoint answers; shared with the control API's `POST /_sandbox/tokens`. */
export async function tokenResponse(
  issue: TokenIssue,
  deps: { signingKey: SigningKey; clock: Clock },
  includeHardExpiry: boolean,
): Promise<TokenResponseBody> {
  const body: TokenResponseBody = {
    token_type: 'bearer',
    access_token: issue.accessToken,
    refresh_token: issue.refreshToken,
    expires_in: issue.expiresIn,
    x_refresh_token_expires_in: issue.refreshTokenExpiresIn,
  };
  // Only sent when the client asks with `x-include-refresh-token-hard-expires-in: true` (intuit-oauth 4.2.4+).
  if (includeHardExpiry) body.x_refresh_token_hard_expires_in = issue.hardExpiresIn;
  if (issue.grant.scopes.includes('openid')) {
    body.id_token = await deps.signingKey.signIdToken({
      clientId: issue.grant.clientId,
      sub: issue.grant.userSub,
      realmId: issue.grant.realmId,
      authTimeMs: issue.grant.authTime,
      nowMs: deps.clock.now(),
    });
  }
  return body;
}

/** Basic auth (intuit-oauth, node-quickbooks) or client_secret_post, both in Intuit's discovery document. */
function authenticateClient(
  c: Context,
  apps: AppRegistry,
  form: Record<string, string>,
): AppRegistration | undefined {
  const header = c.req.header('authorization') ?? '';
  const match = /^Basic\s+(.+)$/i.exec(header.trim());
  if (match) {
    const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return apps.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1));
  }
  if (form.client_id && form.client_secret) return apps.authenticate(form.client_id, form.client_secret);
  return undefined;
}

async function readBody(c: Context): Promise<Record<string, string>> {
  const text = await c.req.text();
  const type = c.req.header('content-type') ?? '';
  // intuit-oauth revoke sends JSON; node-quickbooks revokeAccess and every token call send a form.
  if (type.includes('application/json') || text.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') {
        return Object.fromEntries(
          Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [
            k,
            typeof v === 'string' ? v : String(v),
          ]),
        );
      }
    } catch {
      return {};
    }
    return {};
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function oauthError(
  c: Context,
  failure: OAuthFailure | { status: 400 | 401 | 403 | 503; error: string; error_description?: string },
) {
  const { status, ...body } = failure;
  return c.json(body, status);
}

export function tokenRoutes(deps: TokenRoutesDeps): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.post('/oauth2/v1/tokens/bearer', async (c) => {
    const form = await readBody(c);
    const client = authenticateClient(c, deps.apps, form);
    if (!client) return oauthError(c, { status: 401, error: 'invalid_client' });

    const grantType = form.grant_type;
    const presented = grantType === 'authorization_code' ? form.code : form.refresh_token;
    const injected = deps.faults.forTokenEndpoint(presented ? deps.grants.realmFor(presented) : undefined);
    if (injected.down) return dropConnection(c);
    if (injected.errorStatus) {
      return oauthError(c, {
        status: 503,
        error: 'temporarily_unavailable',
        error_description: 'Service Unavailable',
      });
    }

    const includeHardExpiry =
      c.req.header('x-include-refresh-token-hard-expires-in')?.toLowerCase() === 'true';
    let result;
    if (grantType === 'authorization_code') {
      if (!form.code)
        return oauthError(c, {
          status: 400,
          error: 'invalid_request',
          error_description: 'code is required',
        });
      result = deps.grants.exchangeCode({
        clientId: client.clientId,
        code: form.code,
        redirectUri: form.redirect_uri,
      });
    } else if (grantType === 'refresh_token') {
      if (!form.refresh_token) {
        return oauthError(c, {
          status: 400,
          error: 'invalid_request',
          error_description: 'refresh_token is required',
        });
      }
      result = deps.grants.refresh({ clientId: client.clientId, refreshToken: form.refresh_token });
    } else {
      return oauthError(c, { status: 400, error: 'unsupported_grant_type' });
    }
    if (!result.ok) return oauthError(c, result.failure);
    c.header('cache-control', 'no-cache, no-store');
    return c.json(await tokenResponse(result.value, deps, includeHardExpiry));
  });

  app.post('/v2/oauth2/tokens/revoke', async (c) => {
    const form = await readBody(c);
    const client = authenticateClient(c, deps.apps, form);
    if (!client) return oauthError(c, { status: 401, error: 'invalid_client' });
    if (!form.token)
      return oauthError(c, { status: 400, error: 'invalid_request', error_description: 'token is required' });
    const result = deps.grants.revoke({ clientId: client.clientId, token: form.token });
    if (!result.ok) return oauthError(c, result.failure);
    return c.json({ statuscode: '200' });
  });

  app.get('/op/v1/jwks', (c) => c.json(deps.signingKey.jwks()));

  app.get('/v1/openid_connect/userinfo', (c) => {
    const match = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization')?.trim() ?? '');
    const check = match ? deps.grants.authenticate(match[1] as string) : undefined;
    if (!check?.ok) return oauthError(c, { status: 401, error: 'invalid_token' });
    if (!check.grant.scopes.includes('openid'))
      return oauthError(c, { status: 403, error: 'insufficient_scope' });
    const user = findUserBySub(check.grant.userSub);
    if (!user) return oauthError(c, { status: 401, error: 'invalid_token' });
    const scopes = check.grant.scopes;
    return c.json({
      sub: user.sub,
      ...(scopes.includes('email') ? { email: user.email, emailVerified: true } : {}),
      ...(scopes.includes('profile') ? { givenName: user.givenName, familyName: user.familyName } : {}),
      ...(scopes.includes('phone') ? { phoneNumber: user.phoneNumber, phoneNumberVerified: true } : {}),
      ...(scopes.includes('address')
        ? {
            address: {
              streetAddress: '2700 Coast Ave',
              locality: 'Mountain View',
              region: 'CA',
              postalCode: '94043',
              country: 'US',
            },
          }
        : {}),
    });
  });

  return app;
}
