import type { Context } from 'hono';
import type { SessionVerifier } from '../ports/session-verifier.ts';
import type { AppEnv } from './app-env.ts';

export type TokenVerification = ReturnType<SessionVerifier['verify']>;

/**
 * Verifies a request's bearer token once: the per-session rate limit and the route's session guard both need the
 * claims, and a JWT verification (signature, claims schema) was the largest per-request cost of the status
 * endpoints. The result is kept on this request's context only, never across requests.
 */
export function verifyOnce(c: Context<AppEnv>, verifier: SessionVerifier, token: string): TokenVerification {
  const memo = c.get('tokenVerification');
  if (memo?.token === token) return memo.result;
  const result = verifier.verify(token);
  c.set('tokenVerification', { token, result });
  return result;
}
