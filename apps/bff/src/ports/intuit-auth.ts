import type { Result } from '../http/errors.ts';

export interface IntuitTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires (Intuit: 3600). */
  expiresIn: number;
  /** Seconds until the refresh token expires if unused (rolling, ~100 days). */
  refreshExpiresIn?: number;
  /** Seconds until the refresh token's hard, non-extendable end (5-year cap), when Intuit says. */
  refreshHardExpiresIn?: number;
}

/**
 * `invalid_grant`: the code or refresh token is used, revoked or expired: only a person can fix it.
 * `unavailable`: Intuit could not be reached or answered 5xx/429 after the client's own retries.
 */
export interface IntuitAuthFailure {
  kind: 'invalid_grant' | 'invalid_client' | 'unavailable' | 'rejected';
  message: string;
  status?: number;
}

/** Intuit's OAuth 2.0 server. The adapter is intuit-oauth; tests use a fake or the QBO sandbox. */
export interface IntuitAuth {
  authorizeUrl(state: string): string;
  exchangeCode(input: {
    code: string;
    realmId: string;
    state: string;
  }): Promise<Result<IntuitTokens, IntuitAuthFailure>>;
  refresh(refreshToken: string): Promise<Result<IntuitTokens, IntuitAuthFailure>>;
  /** Revoking either token ends the app's access to the company. */
  revoke(token: string): Promise<Result<void, IntuitAuthFailure>>;
}
