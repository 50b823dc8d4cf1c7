import { SessionClaims } from '@exoserva/contracts';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config.ts';
import { fail, ok } from '../http/errors.ts';
import type { Clock } from '../ports/clock.ts';
import type { SessionVerifier } from '../ports/session-verifier.ts';

/** Verifies Exoserva session JWTs with jose: an HS256 shared secret or the platform's JWKS. */
export function joseSessionVerifier(session: Config['session'], clock: Clock): SessionVerifier {
  const secret = session.kind === 'hs256' ? new TextEncoder().encode(session.secret) : undefined;
  const jwks: JWTVerifyGetKey | undefined =
    session.kind === 'jwks'
      ? createRemoteJWKSet(new URL(session.jwksUrl), { cooldownDuration: 30_000 })
      : undefined;
  const algorithms = session.kind === 'hs256' ? ['HS256'] : ['RS256', 'PS256', 'ES256', 'EdDSA'];

  return {
    async verify(token) {
      if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
        return fail({ reason: 'malformed', message: 'The session token is not a JWT' });
      }
      try {
        const verifyOptions = {
          algorithms,
          currentDate: new Date(clock.now()),
          requiredClaims: ['exp'],
          ...(session.issuer ? { issuer: session.issuer } : {}),
          ...(session.audience ? { audience: session.audience } : {}),
        };
        const { payload } = secret
          ? await jwtVerify(token, secret, verifyOptions)
          : await jwtVerify(token, jwks as JWTVerifyGetKey, verifyOptions);
        const claims = SessionClaims.safeParse(payload);
        if (!claims.success)
          return fail({ reason: 'bad_claims', message: 'The session token lacks required claims' });
        return ok(claims.data);
      } catch (err) {
        if (err instanceof errors.JWTExpired)
          return fail({ reason: 'expired', message: 'The session has expired' });
        if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey) {
          return fail({ reason: 'bad_signature', message: 'The session token signature is not valid' });
        }
        if (err instanceof errors.JWTClaimValidationFailed) {
          return fail({ reason: 'bad_claims', message: 'The session token was not issued for this service' });
        }
        return fail({ reason: 'malformed', message: 'The session token could not be verified' });
      }
    },
  };
}
