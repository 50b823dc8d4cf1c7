/**
 * Where the contract suite runs: the qbo-sandbox on a free port, or — when QBO_SANDBOX_CLIENT_ID,
 * QBO_SANDBOX_CLIENT_SECRET, QBO_SANDBOX_REALM_ID and QBO_SANDBOX_REFRESH_TOKEN are set — a real Intuit
 * sandbox company through Intuit's own URLs.
 */
import OAuthClient from 'intuit-oauth';
import QuickBooks from 'node-quickbooks';

export const INTUIT = {
  authorizeEndpoint: 'https://appcenter.intuit.com/connect/oauth2',
  tokenEndpoint: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  revokeEndpoint: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
  userinfo: 'https://sandbox-accounts.platform.intuit.com/v1/openid_connect/userinfo',
  jwks: 'https://oauth.platform.intuit.com/op/v1/jwks',
  accountingBase: 'https://sandbox-quickbooks.api.intuit.com/',
};

export const realIntuit = {
  clientId: process.env.QBO_SANDBOX_CLIENT_ID,
  clientSecret: process.env.QBO_SANDBOX_CLIENT_SECRET,
  realmId: process.env.QBO_SANDBOX_REALM_ID,
  refreshToken: process.env.QBO_SANDBOX_REFRESH_TOKEN,
};

export const hasRealIntuit = Boolean(
  realIntuit.clientId && realIntuit.clientSecret && realIntuit.realmId && realIntuit.refreshToken,
);

export const SKIP_REAL_REASON =
  'Real-Intuit contract run skipped: set QBO_SANDBOX_CLIENT_ID, QBO_SANDBOX_CLIENT_SECRET, QBO_SANDBOX_REALM_ID and QBO_SANDBOX_REFRESH_TOKEN to run it against an Intuit sandbox company.';

/**
 * Points both real clients at a base URL. The endpoints are static, process-wide fields (REFERENCE §1.7,
 * §2.2); V3_ENDPOINT_BASE_URL must be set before `new QuickBooks`.
 */
export function pointClientsAt(baseUrl: string | undefined): void {
  const urls = baseUrl
    ? {
        authorizeEndpoint: `${baseUrl}/connect/oauth2`,
        tokenEndpoint: `${baseUrl}/oauth2/v1/tokens/bearer`,
        revokeEndpoint: `${baseUrl}/v2/oauth2/tokens/revoke`,
        userinfo: `${baseUrl}/v1/openid_connect/userinfo`,
        jwks: `${baseUrl}/op/v1/jwks`,
        accountingBase: `${baseUrl}/`,
      }
    : INTUIT;
  OAuthClient.authorizeEndpoint = urls.authorizeEndpoint;
  OAuthClient.tokenEndpoint = urls.tokenEndpoint;
  OAuthClient.revokeEndpoint = urls.revokeEndpoint;
  OAuthClient.userinfo_endpoint_sandbox = urls.userinfo;
  OAuthClient.userinfo_endpoint_production = urls.userinfo;
  OAuthClient.jwks_uri = urls.jwks;
  OAuthClient.environment = { sandbox: urls.accountingBase, production: urls.accountingBase };
  QuickBooks.V3_ENDPOINT_BASE_URL = `${urls.accountingBase}v3/company/`;
  QuickBooks.TOKEN_URL = urls.tokenEndpoint;
  QuickBooks.REVOKE_URL = urls.revokeEndpoint;
}

/** node-quickbooks is callback-only; the Fault of a non-2xx is in `err.response.data` (2.0.48+). */
export function call<T = unknown>(fn: (cb: (err: unknown, data?: unknown) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, data) => (err ? reject(err) : resolve(data as T))));
}

export interface AxiosLikeError {
  response?: {
    status: number;
    data: { Fault?: { Error: Array<{ code: string; Message: string }>; type: string } };
  };
}
