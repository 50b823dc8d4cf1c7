import type { SessionClaims } from '@exoserva/contracts';
import type { Result } from '../http/errors.ts';

export type SessionRejection = 'missing' | 'malformed' | 'expired' | 'bad_signature' | 'bad_claims';

/** Turns a bearer token into the contract's SessionClaims, or says why not (never echoing the token). */
export interface SessionVerifier {
  verify(token: string): Promise<Result<SessionClaims, { reason: SessionRejection; message: string }>>;
}
