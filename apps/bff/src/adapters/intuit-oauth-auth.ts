import OAuthClient from 'intuit-oauth';
import type { Config } from '../config.ts';
import { fail, ok, type Result } from '../http/errors.ts';
import type { IntuitAuth, IntuitAuthFailure, IntuitTokens } from '../ports/intuit-auth.ts';

export const QBO_SCOPES = ['com.intuit.quickbooks.accounting', 'openid'];

/**
 * intuit-oauth keeps its endpoints in STATIC fields (process-wide; setAuthorizeURLs mutates them too), so
 * they are set here once from configuration. Two BFFs in one process must therefore agree on them.
 */
function configureEndpoints(qbo: Config['qbo']): void {
  OAuthClient.authorizeEndpoint = qbo.authorizeUrl;
  OAuthClient.tokenEndpoint = qbo.tokenUrl;
  OAuthClient.revokeEndpoint = qbo.revokeUrl;
  OAuthClient.userinfo_endpoint_sandbox = qbo.userinfoUrl;
  OAuthClient.userinfo_endpoint_production = qbo.userinfoUrl;
  OAuthClient.jwks_uri = qbo.jwksUrl;
  const apiOrigin = new URL(qbo.apiBaseUrl).origin + '/';
  OAuthClient.environment = { sandbox: apiOrigin, production: apiOrigin };
}

interface IntuitErrorShape {
  error?: unknown;
  error_description?: unknown;
  originalMessage?: unknown;
  authResponse?: { response?: { status?: number } };
  response?: { status?: number };
  code?: unknown;
}

/** Sorts intuit-oauth's thrown errors into the port's kinds. Never copies a token into the message. */
export function classifyIntuitError(err: unknown): IntuitAuthFailure {
  const e = (err ?? {}) as IntuitErrorShape;
  const status = e.authResponse?.response?.status ?? e.response?.status;
  const error = typeof e.error === 'string' ? e.error : '';
  const statusPart = status === undefined ? {} : { status };
  if (error === 'invalid_grant')
    return { kind: 'invalid_grant', message: 'Intuit answered invalid_grant', ...statusPart };
  if (error === 'invalid_client' || status === 401) {
    return { kind: 'invalid_client', message: 'Intuit rejected the client credentials', ...statusPart };
  }
  if (status === undefined || status >= 500 || status === 429 || status === 408) {
    return { kind: 'unavailable', message: 'Intuit could not be reached', ...statusPart };
  }
  return { kind: 'rejected', message: `Intuit refused the request (${error || status})`, ...statusPart };
}

function toTokens(json: Record<string, unknown>): IntuitTokens {
  const num = (v: unknown) =>
    typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : undefined;
  const access = json.access_token;
  const refresh = json.refresh_token;
  if (typeof access !== 'string' || typeof refresh !== 'string' || !access || !refresh) {
    throw new Error('Intuit token response lacks access_token or refresh_token');
  }
  const hard = num(json.x_refresh_token_hard_expires_in);
  const rolling = num(json.x_refresh_token_expires_in);
  return {
    accessToken: access,
    refreshToken: refresh,
    expiresIn: num(json.expires_in) ?? 3600,
    ...(rolling ? { refreshExpiresIn: rolling } : {}),
    ...(hard ? { refreshHardExpiresIn: hard } : {}),
  };
}

export interface IntuitOAuthAdapterOptions {
  /** intuit-oauth retries 408/429/5xx and connection errors itself (1 s, 2 s, 4 s); tests shorten the delay. */
  retryDelayMs?: number;
}

/** The IntuitAuth port on intuit-oauth 4.2.5. A fresh OAuthClient per call: it keeps token state inside. */
export function intuitOAuthAuth(qbo: Config['qbo'], options: IntuitOAuthAdapterOptions = {}): IntuitAuth {
  configureEndpoints(qbo);
  if (options.retryDelayMs !== undefined) OAuthClient.retryConfig.retryDelay = options.retryDelayMs;
  const client = () =>
    new OAuthClient({
      clientId: qbo.clientId,
      clientSecret: qbo.clientSecret,
      environment: qbo.environment,
      redirectUri: qbo.redirectUri,
      // Asks Intuit for x_refresh_token_hard_expires_in (the 5-year cap); supported since 4.2.4.
      includeRefreshTokenHardExpiresIn: true,
    });

  async function tokenCall(
    run: (c: OAuthClient) => Promise<unknown>,
  ): Promise<Result<IntuitTokens, IntuitAuthFailure>> {
    try {
      const c = client();
      const res = (await run(c)) as { json?: Record<string, unknown> } | null;
      const json = res?.json ?? (c.getToken() as unknown as Record<string, unknown>);
      return ok(toTokens(json));
    } catch (err) {
      return fail(classifyIntuitError(err));
    }
  }

  return {
    authorizeUrl: (state) => client().authorizeUri({ scope: QBO_SCOPES, state }),
    exchangeCode: ({ code, realmId, state }) => {
      const params = new URLSearchParams({ code, realmId, state });
      return tokenCall((c) => c.createToken(`${qbo.redirectUri}?${params.toString()}`));
    },
    refresh: (refreshToken) => tokenCall((c) => c.refreshUsingToken(refreshToken)),
    async revoke(token) {
      try {
        await client().revoke({ refresh_token: token });
        return ok(undefined);
      } catch (err) {
        return fail(classifyIntuitError(err));
      }
    },
  };
}
